using System.Text.Json.Nodes;
using Amazon.CDK.CXAPI;

namespace LabStack.Summary;

/// <summary>One synthesized stack as the summary shows it.</summary>
public sealed record StackReport(string StackName, string TemplatePath, IReadOnlyDictionary<string, int> ResourceCounts,
    IReadOnlyList<(string Name, string Description)> Outputs)
{
    /// <summary>Reads a template file of the cloud assembly.</summary>
    public static StackReport From(string stackName, string templatePath)
    {
        var template = JsonNode.Parse(File.ReadAllText(templatePath))!.AsObject();
        var counts = (template["Resources"]?.AsObject() ?? [])
            .GroupBy(r => (string)r.Value!["Type"]!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var outputs = (template["Outputs"]?.AsObject() ?? [])
            .Select(o => (o.Key, (string?)o.Value!["Description"] ?? ""))
            .ToList();
        return new StackReport(stackName, templatePath, counts, outputs);
    }
}

/// <summary>Prints what <c>cdk deploy</c> would create: each stack, its resources by type, and its outputs.</summary>
public static class SynthSummary
{
    /// <summary>Reports for every stack of the assembly.</summary>
    public static IReadOnlyList<StackReport> Read(CloudAssembly assembly) =>
        assembly.Stacks.Select(s => StackReport.From(s.StackName, s.TemplateFullPath)).ToList();

    /// <summary>Writes the summary.</summary>
    public static void Write(TextWriter output, string assemblyDirectory, IReadOnlyList<StackReport> stacks, IEnumerable<string> notBuiltYet)
    {
        output.WriteLine($"Synthesized {stacks.Count} stack(s) into {Path.GetRelativePath(Directory.GetCurrentDirectory(), assemblyDirectory)}");
        foreach (var stack in stacks)
        {
            output.WriteLine();
            output.WriteLine($"{stack.StackName}: {stack.ResourceCounts.Values.Sum()} resources");
            foreach (var (type, count) in stack.ResourceCounts)
            {
                output.WriteLine($"  {count,3} x {type}");
            }
            if (stack.Outputs.Count > 0)
            {
                output.WriteLine("  outputs:");
                foreach (var (name, description) in stack.Outputs)
                {
                    output.WriteLine($"    {name} - {description}");
                }
            }
        }
        var pending = notBuiltYet.ToList();
        if (pending.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Selected but not built in this version (no stack): {string.Join(", ", pending)}");
        }
    }
}
