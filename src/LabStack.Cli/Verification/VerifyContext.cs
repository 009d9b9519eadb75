using LabStack.Summary;

namespace LabStack.Cli.Verification;

/// <summary>What every module's checks are given: the options, the outputs, the lab, its clients and the price table.</summary>
public sealed record VerifyContext(CliOptions Options, OutputsFile Outputs, string Lab, LabClients Clients, PriceTable Prices, TextWriter Progress)
{
    /// <summary>The output <paramref name="key"/> of the lab's stack <paramref name="suffix"/>, or null.</summary>
    public string? Output(string suffix, string key) => Outputs.Find($"-{suffix}", key) is string value && Outputs.Stacks($"-{suffix}").Contains($"{Lab}-{suffix}") ? value : null;

    /// <summary>The output, or a failed verdict's text: the deploy did not write it.</summary>
    public string Require(string suffix, string key) => Output(suffix, key)
        ?? throw new MissingOutputException($"{Lab}-{suffix} output {key}", $"no {key} in {Outputs.Path}: deploy the stack again (npx cdk deploy {Lab}-{suffix})");
}

/// <summary>An output a check needs is not in the outputs file: the check fails with it, the others run.</summary>
public sealed class MissingOutputException(string expected, string fix) : Exception(fix)
{
    /// <summary>What the check needed.</summary>
    public string Expected { get; } = expected;
}
