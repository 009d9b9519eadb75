using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lex;

namespace LabStack.Lex;

/// <summary>Props for <see cref="LabAssistantBot"/>.</summary>
public sealed record LabAssistantBotProps
{
    /// <summary>The lab's name: the bot is <c>{LabName}-assistant</c> (Lex requires a name).</summary>
    public required string LabName { get; init; }

    /// <summary>The bot locale's NluConfidenceThreshold.</summary>
    public required double ConfidenceThreshold { get; init; }

    /// <summary>The function that fulfils every intent.</summary>
    public required IFunction Fulfilment { get; init; }
}

/// <summary>
/// The lab assistant: a text-only Lex V2 bot (no voice, so its role needs no Polly) in one locale, built from
/// <see cref="AssistantIntents"/>, with a numbered version built from the draft and the alias <see cref="AliasName"/> that
/// points at it. Both the alias and the draft's test alias (<see cref="TestAliasId"/>, which the console's Test window
/// uses) call the fulfilment function, and each may invoke it only through its own ARN.
/// </summary>
public sealed class LabAssistantBot : Construct
{
    /// <summary>Minutes of silence after which Lex forgets a conversation (its slots and intent).</summary>
    public const int IdleSessionSeconds = 300;

    /// <summary>The alias applications talk to.</summary>
    public const string AliasName = "live";

    /// <summary>The id Lex gives every bot's built-in test alias, which runs the draft.</summary>
    public const string TestAliasId = "TSTALIASID";

    /// <summary>How many times the bot asks again for a slot value it did not understand.</summary>
    public const int SlotRetries = 2;

    public Role Role { get; }

    public CfnBot Bot { get; }

    /// <summary>The version built from the draft; its id changes with the definition, so a changed bot gets a new version.</summary>
    public CfnBotVersion Version { get; }

    public CfnBotAlias Alias { get; }

    public LabAssistantBot(Construct scope, string id, LabAssistantBotProps props) : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Iam.Trusting(ServiceFacts.Trust.Lex),
            Description = "Lex V2 bot of the ML study lab: text only, so it calls no other service (Polly is for voice)",
        });
        var codeHook = CodeHook(props.Fulfilment);
        Bot = new CfnBot(this, "Bot", new CfnBotProps
        {
            Name = $"{props.LabName}-assistant",
            Description = "ML study lab assistant: answers about the lake's customers and the AI pipeline's runs",
            RoleArn = Role.RoleArn,
            // aws-cdk-lib 2.160 types DataPrivacy as an object and writes a DataPrivacyProperty as {"childDirected": ...},
            // which CloudFormation does not accept: the property is spelled as the schema spells it.
            DataPrivacy = new Dictionary<string, object> { ["ChildDirected"] = false },
            IdleSessionTtlInSeconds = IdleSessionSeconds,
            AutoBuildBotLocales = true,
            BotLocales = new[] { Locale(props.ConfidenceThreshold) },
            TestBotAliasSettings = new CfnBot.TestBotAliasSettingsProperty
            {
                BotAliasLocaleSettings = new[]
                {
                    new CfnBot.BotAliasLocaleSettingsItemProperty
                    {
                        LocaleId = AssistantIntents.Locale,
                        BotAliasLocaleSetting = new CfnBot.BotAliasLocaleSettingsProperty
                        {
                            Enabled = true,
                            CodeHookSpecification = new CfnBot.CodeHookSpecificationProperty { LambdaCodeHook = codeHook.Bot },
                        },
                    },
                },
            },
        });

        Version = new CfnBotVersion(this, "Version" + DefinitionHash(props.ConfidenceThreshold), new CfnBotVersionProps
        {
            BotId = Bot.AttrId,
            Description = "Built from the draft by the lab's deploy",
            BotVersionLocaleSpecification = new[]
            {
                new CfnBotVersion.BotVersionLocaleSpecificationProperty
                {
                    LocaleId = AssistantIntents.Locale,
                    BotVersionLocaleDetails = new CfnBotVersion.BotVersionLocaleDetailsProperty { SourceBotVersion = "DRAFT" },
                },
            },
        });

        Alias = new CfnBotAlias(this, "Alias", new CfnBotAliasProps
        {
            BotId = Bot.AttrId,
            BotAliasName = AliasName,
            BotVersion = Version.AttrBotVersion,
            Description = "The lab assistant's built version, fulfilled by the lab's function",
            BotAliasLocaleSettings = new[]
            {
                new CfnBotAlias.BotAliasLocaleSettingsItemProperty
                {
                    LocaleId = AssistantIntents.Locale,
                    BotAliasLocaleSetting = new CfnBotAlias.BotAliasLocaleSettingsProperty
                    {
                        Enabled = true,
                        CodeHookSpecification = new CfnBotAlias.CodeHookSpecificationProperty { LambdaCodeHook = codeHook.Alias },
                    },
                },
            },
        });

        // Lex invokes the function as lexv2.amazonaws.com from the alias's ARN
        // (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-attach-api.html): one permission per alias, scoped to it.
        AllowInvoke(props.Fulfilment, "InvokeFromAlias", Alias.AttrArn);
        AllowInvoke(props.Fulfilment, "InvokeFromTestAlias", Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "lex", Resource = "bot-alias", ResourceName = $"{Bot.AttrId}/{TestAliasId}", ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        }));
    }

    private void AllowInvoke(IFunction function, string id, string aliasArn) => new CfnPermission(this, id, new CfnPermissionProps
    {
        Action = "lambda:InvokeFunction",
        FunctionName = function.FunctionArn,
        Principal = ServiceFacts.Trust.Lex.Principal,
        SourceArn = aliasArn,
    });

    /// <summary>The same Lambda code hook in the bot's and the alias's types (CloudFormation has one of each).</summary>
    private static (CfnBot.LambdaCodeHookProperty Bot, CfnBotAlias.LambdaCodeHookProperty Alias) CodeHook(IFunction function) =>
        (new() { LambdaArn = function.FunctionArn, CodeHookInterfaceVersion = "1.0" },
         new() { LambdaArn = function.FunctionArn, CodeHookInterfaceVersion = "1.0" });

    private static CfnBot.BotLocaleProperty Locale(double threshold) => new()
    {
        LocaleId = AssistantIntents.Locale,
        Description = "The lab assistant in US English, text only",
        NluConfidenceThreshold = threshold,
        SlotTypes = AssistantIntents.SlotTypes.Select(type => new CfnBot.SlotTypeProperty
        {
            Name = type.Name,
            Description = type.Description,
            ParentSlotTypeSignature = "AMAZON.AlphaNumeric",
            ValueSelectionSetting = new CfnBot.SlotValueSelectionSettingProperty
            {
                ResolutionStrategy = "ORIGINAL_VALUE",
                RegexFilter = new CfnBot.SlotValueRegexFilterProperty { Pattern = type.Pattern },
            },
        }).ToArray(),
        Intents = AssistantIntents.All.Select(Intent).ToArray(),
    };

    private static CfnBot.IntentProperty Intent(AssistantIntent intent) => new()
    {
        Name = intent.Name,
        Description = intent.Description,
        ParentIntentSignature = intent.ParentSignature,
        SampleUtterances = intent.Utterances.Count == 0 ? null : intent.Utterances.Select(u => new CfnBot.SampleUtteranceProperty { Utterance = u }).ToArray(),
        FulfillmentCodeHook = new CfnBot.FulfillmentCodeHookSettingProperty { Enabled = true },
        Slots = intent.Slot is not { } slot ? null : new[]
        {
            new CfnBot.SlotProperty
            {
                Name = slot.Name,
                SlotTypeName = slot.SlotType,
                ValueElicitationSetting = new CfnBot.SlotValueElicitationSettingProperty
                {
                    SlotConstraint = "Required",
                    PromptSpecification = new CfnBot.PromptSpecificationProperty
                    {
                        MaxRetries = SlotRetries,
                        AllowInterrupt = true,
                        MessageGroupsList = new[]
                        {
                            new CfnBot.MessageGroupProperty
                            {
                                Message = new CfnBot.MessageProperty { PlainTextMessage = new CfnBot.PlainTextMessageProperty { Value = slot.Prompt } },
                            },
                        },
                    },
                },
            },
        },
        SlotPriorities = intent.Slot is not { } prioritized ? null : new[] { new CfnBot.SlotPriorityProperty { Priority = 1, SlotName = prioritized.Name } },
    };

    /// <summary>
    /// Eight hex digits of the bot's definition. CloudFormation builds a BotVersion once, when it is created, and updates
    /// none of it from the draft, so the version's construct id carries this: a changed definition creates a new version
    /// (and the alias moves to it), an unchanged one keeps it.
    /// </summary>
    public static string DefinitionHash(double threshold)
    {
        var definition = JsonSerializer.Serialize(new { AssistantIntents.Locale, threshold, AssistantIntents.SlotTypes, AssistantIntents.All, IdleSessionSeconds, SlotRetries });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(definition)))[..8];
    }
}
