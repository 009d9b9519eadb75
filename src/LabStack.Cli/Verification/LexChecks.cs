using System.Text.Json.Nodes;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Verification;

/// <summary>
/// Lex: a RecognizeText on the bot's alias (the BotId and BotAliasId outputs) with the question the stack's
/// AskTheAssistant output asks is answered by the CustomerLookup intent, fulfilled, with the customer's row.
/// </summary>
public static class LexChecks
{
    /// <summary>The bot's locale (AssistantIntents.Locale; a test compares).</summary>
    public const string Locale = "en_US";

    /// <summary>The intent, the customer asked about and the question.</summary>
    public const string Intent = "CustomerLookup", Customer = "C00042", Question = "Tell me about customer " + Customer;

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("lex", $"the assistant answers {Intent}", RequestPrice(lab), () => AskAsync(lab));
    }

    /// <summary>One text request at Lex's rate (https://aws.amazon.com/lex/pricing/), and the fulfilment Lambda's free-tier-sized run.</summary>
    public static CheckPrice RequestPrice(VerifyContext lab) => new(lab.Prices.Rate("lexTextRequest"), $"one Lex text request at ${lab.Prices.Rate("lexTextRequest"):0.####}");

    private static async Task<Verdict> AskAsync(VerifyContext lab)
    {
        var (bot, alias) = (lab.Require("Lex", "BotId"), lab.Require("Lex", "BotAliasId"));
        var session = $"lab-verify-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var answer = await lab.Clients.Aws.RestJsonAsync(AwsService.LexRuntime, "RecognizeText",
            $"/bots/{Uri.EscapeDataString(bot)}/botAliases/{Uri.EscapeDataString(alias)}/botLocales/{Locale}/sessions/{session}/text",
            new JsonObject { ["text"] = Question }).ConfigureAwait(false);
        var intent = answer["sessionState"]?["intent"];
        var (name, state) = (SignedAwsClient.Text(intent?["name"]), SignedAwsClient.Text(intent?["state"]));
        var message = (answer["messages"] as JsonArray)?.Select(m => SignedAwsClient.Text(m?["content"])).FirstOrDefault(c => c is { Length: > 0 });
        return name == Intent && state == "Fulfilled" && message?.StartsWith($"Customer {Customer}:", StringComparison.Ordinal) == true
            ? Verdict.Pass($"{Intent} Fulfilled: \"{(message.Length > 80 ? message[..77] + "..." : message)}\"", RequestPrice(lab))
            : Verdict.Fail($"{Intent} Fulfilled with the row of {Customer}", $"{name ?? "no intent"} {state ?? ""}: {message ?? "no message"}".Trim(),
                "the fulfilment Lambda's log (FulfilmentFunctionName output) says why; a missing row means the sample dataset is not in the lake", RequestPrice(lab));
    }
}
