namespace LabStack.Lex;

/// <summary>
/// The <c>lex</c> module: the lab assistant, a Lex V2 text bot whose intents are answered from the lake by a Lambda
/// function (the sample customers with only datalake deployed; the AI pipeline's runs once that module has run).
/// </summary>
public sealed class LexStack : LabModuleStack
{
    /// <summary>The function that answers the bot's intents.</summary>
    public AssistantFulfilment Fulfilment { get; }

    /// <summary>The bot, its version and alias.</summary>
    public LabAssistantBot Assistant { get; }

    public LexStack(Construct scope, string id, LakeModuleStackProps<LexSettings> props) : base(scope, id, props)
    {
        Fulfilment = new AssistantFulfilment(this, "Fulfilment", new AssistantFulfilmentProps { Lake = props.Lake.Bucket });
        Assistant = new LabAssistantBot(this, "Assistant", new LabAssistantBotProps
        {
            LabName = props.LabName,
            ConfidenceThreshold = props.Settings.ConfidenceThreshold,
            Fulfilment = Fulfilment.Function,
        });

        Output("BotId", Assistant.Bot.AttrId, "Lex V2 bot id of the lab assistant");
        Output("BotAliasId", Assistant.Alias.AttrBotAliasId, $"Id of the bot's alias '{LabAssistantBot.AliasName}' (the built version)");
        Output("FulfilmentFunctionName", Fulfilment.Function.FunctionName, "Lambda function that answers the bot's intents");
        Output("AskTheAssistant",
            Fn.Join("", ["aws lexv2-runtime recognize-text --bot-id ", Assistant.Bot.AttrId, " --bot-alias-id ", Assistant.Alias.AttrBotAliasId,
                $" --locale-id {AssistantIntents.Locale} --session-id learner-1 --text \"Tell me about customer C00042\""]),
            "Run this to ask the bot a question in text");
    }
}
