namespace LabStack.Lex;

/// <summary>A slot the bot elicits before it fulfils an intent.</summary>
/// <param name="Name">The slot's name, as utterances write it (<c>{CustomerId}</c>) and the fulfilment reads it.</param>
/// <param name="SlotType">The slot type's name (one of <see cref="AssistantIntents.SlotTypes"/>).</param>
/// <param name="Prompt">What the bot asks when an utterance did not give the value.</param>
public sealed record AssistantSlot(string Name, string SlotType, string Prompt);

/// <summary>One intent of the lab assistant: what it answers, how a learner may ask, the slot it needs.</summary>
public sealed record AssistantIntent(string Name, string Description, IReadOnlyList<string> Utterances, AssistantSlot? Slot = null)
{
    /// <summary>For <c>AMAZON.FallbackIntent</c>: no utterances, chosen when no other intent reaches the confidence threshold.</summary>
    public string? ParentSignature { get; init; }
}

/// <summary>A custom slot type that extends <c>AMAZON.AlphaNumeric</c> with a regular expression.</summary>
public sealed record RegexSlotType(string Name, string Description, string Pattern);

/// <summary>
/// What the lab assistant understands, written once: the bot's intents and slot types are built from this, its version is
/// named by it (a change makes a new version), and the fulfilment function (assets/lex/fulfilment.mjs) answers each
/// intent by name (a test checks that the two agree).
/// </summary>
public static class AssistantIntents
{
    /// <summary>The locale of the bot's only language.</summary>
    public const string Locale = "en_US";

    /// <summary>
    /// The sample's customer ids, C00001 to C05000, in either case. Lex's regular expressions take A-Z, a-z, 0-9 and no
    /// unbounded repeats (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-slot-alphanumeric.html).
    /// </summary>
    public static RegexSlotType CustomerIdType { get; } = new("CustomerIdType", "A customer id of the sample dataset, C00001 to C05000", "[Cc][0-9]{5}");

    /// <summary>Every custom slot type.</summary>
    public static IReadOnlyList<RegexSlotType> SlotTypes { get; } = [CustomerIdType];

    /// <summary>Every intent, the fallback last.</summary>
    public static IReadOnlyList<AssistantIntent> All { get; } =
    [
        new("CustomerLookup", "A customer's row of the sample dataset (raw/customers/customers.csv)",
            ["Tell me about customer {CustomerId}", "Look up customer {CustomerId}", "Did customer {CustomerId} churn",
             "Show me {CustomerId}", "Look up a customer", "Customer details"],
            new AssistantSlot("CustomerId", CustomerIdType.Name, "Which customer? Give an id from C00001 to C05000.")),
        new("LatestPipelineRun", "The newest result or error document of the AI pipeline (curated/ai-results/, curated/ai-errors/)",
            ["Show the last pipeline run", "What did the pipeline do last", "Pipeline status", "How did my last upload go",
             "What happened to my upload"]),
        new("FallbackIntent", "What the assistant can answer, when no intent reaches the confidence threshold", [])
        {
            ParentSignature = "AMAZON.FallbackIntent",
        },
    ];
}
