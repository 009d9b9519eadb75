namespace LabStack.Cli;

/// <summary>Something the learner can fix: Program prints the message alone, on one line, and exits 2.</summary>
public sealed class CliException(string message) : Exception(message.ReplaceLineEndings(" "));
