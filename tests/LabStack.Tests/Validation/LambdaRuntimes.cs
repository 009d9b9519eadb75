namespace LabStack.Tests.Validation;

/// <summary>
/// When AWS Lambda deprecates each runtime the lab might synthesize. Source: AWS Lambda developer guide,
/// "Lambda runtimes" (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), read 2026-11-24.
/// A runtime missing here fails the test until someone looks its date up.
/// </summary>
public static class LambdaRuntimes
{
    public static IReadOnlyDictionary<string, DateOnly> Deprecation { get; } = new Dictionary<string, DateOnly>
    {
        ["nodejs16.x"] = new(2024, 6, 12),
        ["nodejs18.x"] = new(2025, 9, 1),
        ["nodejs20.x"] = new(2026, 4, 30),
        ["nodejs22.x"] = new(2027, 4, 30),
        ["nodejs24.x"] = new(2028, 4, 30),
        ["python3.8"] = new(2024, 10, 14),
        ["python3.9"] = new(2025, 12, 15),
        ["python3.10"] = new(2026, 6, 30),
        ["python3.11"] = new(2026, 6, 30),
        ["python3.12"] = new(2028, 10, 31),
        ["python3.13"] = new(2029, 6, 30),
        ["python3.14"] = new(2029, 6, 30),
    };
}
