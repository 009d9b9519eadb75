using LabStack.Lex;

namespace LabStack.Tests.Lex;

/// <summary>
/// The lab assistant's template: a text-only bot whose intents, slots and fallback are the ones the fulfilment answers,
/// a version built from the draft, an alias on it, Lex's invoke permissions scoped to each alias, and least privilege.
/// </summary>
public sealed class LexTests(LabFixture lab) : StackTests<LexStack>(lab)
{
    private JsonObject Bot => TemplateJson.Properties("AWS::Lex::Bot");

    private JsonObject Locale => Bot["BotLocales"]!.AsArray().Single()!.AsObject();

    private List<JsonObject> Intents => Locale["Intents"]!.AsArray().Select(i => i!.AsObject()).ToList();

    [Fact]
    public void TheBotIsTextOnlyInUsEnglishWithTheDefaultConfidenceThresholdAndBuildsOnDeploy()
    {
        Assert.Equal("en_US", (string?)Locale["LocaleId"]);
        Assert.Equal(0.4, (double)Locale["NluConfidenceThreshold"]!);
        Assert.Null(Locale["VoiceSettings"]); // text only: nothing for Polly to speak with
        Assert.False((bool)Bot["DataPrivacy"]!["ChildDirected"]!);
        Assert.Equal(LabAssistantBot.IdleSessionSeconds, (int)Bot["IdleSessionTTLInSeconds"]!);
        Assert.True((bool)Bot["AutoBuildBotLocales"]!);
        Assert.Equal("mllab-assistant", (string?)Bot["Name"]);
    }

    [Fact]
    public void TheConfidenceThresholdSettingTakesEffectAndMakesANewVersion()
    {
        var customized = Lab.Customized.TemplateJson<LexStack>();
        Assert.Equal(0.55, (double)customized.Properties("AWS::Lex::Bot")["BotLocales"]![0]!["NluConfidenceThreshold"]!);
        Assert.NotEqual(TemplateJson.Id("AWS::Lex::BotVersion"), customized.Id("AWS::Lex::BotVersion"));
    }

    [Fact]
    public void EveryIntentIsTheDefinitionsFulfilledByTheFunctionAndTheFallbackIsAmazons()
    {
        Assert.Equal(AssistantIntents.All.Select(i => i.Name), Intents.Select(i => (string)i["Name"]!));
        Assert.All(Intents, intent => Assert.True((bool)intent["FulfillmentCodeHook"]!["Enabled"]!));
        var fallback = Intents.Single(i => (string?)i["ParentIntentSignature"] == "AMAZON.FallbackIntent");
        Assert.Null(fallback["SampleUtterances"]); // Lex picks it when no intent reaches the threshold; it takes no utterances
        Assert.All(Intents.Where(i => i != fallback), intent => Assert.True(intent["SampleUtterances"]!.AsArray().Count >= 5));
    }

    [Fact]
    public void TheCustomerSlotIsRequiredPromptedRetriedAndValidatedByARegularExpressionLexAccepts()
    {
        var lookup = Intents.Single(i => (string?)i["Name"] == "CustomerLookup");
        var slot = lookup["Slots"]!.AsArray().Single()!;
        Assert.Equal("CustomerId", (string?)slot["Name"]);
        Assert.Equal("Required", (string?)slot["ValueElicitationSetting"]!["SlotConstraint"]);
        var prompt = slot["ValueElicitationSetting"]!["PromptSpecification"]!;
        Assert.Equal(2, (int)prompt["MaxRetries"]!);
        Assert.Contains("C00001 to C05000", (string?)prompt["MessageGroupsList"]![0]!["Message"]!["PlainTextMessage"]!["Value"]);
        Assert.Equal("CustomerId", (string?)lookup["SlotPriorities"]![0]!["SlotName"]);

        var type = Locale["SlotTypes"]!.AsArray().Single(t => (string?)t!["Name"] == (string?)slot["SlotTypeName"])!;
        Assert.Equal("AMAZON.AlphaNumeric", (string?)type["ParentSlotTypeSignature"]);
        var pattern = (string)type["ValueSelectionSetting"]!["RegexFilter"]!["Pattern"]!;
        // Lex's regular expressions: no wild card, no unbounded repeat (*, +, {x,}), at most 300 characters.
        Assert.DoesNotMatch(@"\.|\*|\+|\{\d+,\}", pattern);
        Assert.InRange(pattern.Length, 1, 300);
        var customers = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.All(customers.Take(50).Append(customers[^1]).Append("c00042"), id => Assert.Matches($"^(?:{pattern})$", id));
        Assert.DoesNotMatch($"^(?:{pattern})$", "C0042");
    }

    [Fact]
    public void EverySlotAnUtteranceNamesIsASlotOfItsIntent()
    {
        foreach (var intent in Intents)
        {
            var slots = intent["Slots"]?.AsArray().Select(s => (string)s!["Name"]!).ToHashSet() ?? [];
            var named = intent["SampleUtterances"]?.AsArray().SelectMany(u => System.Text.RegularExpressions.Regex.Matches((string)u!["Utterance"]!, @"\{(\w+)\}").Select(m => m.Groups[1].Value)) ?? [];
            Assert.All(named, name => Assert.Contains(name, slots));
        }
    }

    [Fact]
    public void TheFulfilmentAnswersExactlyTheBotsIntents()
    {
        var script = $$"""
            const { INTENTS } = await import('{{new Uri(LabPaths.Asset("lex", "fulfilment.mjs")).AbsoluteUri}}');
            process.stdout.write(JSON.stringify(Object.keys(INTENTS)));
            """;
        var handled = JsonNode.Parse(Validation.NodeTools.Run("node", "--input-type=module", "-e", script))!.AsArray().Select(n => (string)n!);
        Assert.Equal(Intents.Select(i => (string)i["Name"]!).Order(), handled.Order());
    }

    [Fact]
    public void TheAliasPointsAtAVersionBuiltFromTheDraftAndBothAliasesCallTheFunction()
    {
        var version = TemplateJson.Properties("AWS::Lex::BotVersion");
        Assert.Equal("DRAFT", (string?)version["BotVersionLocaleSpecification"]![0]!["BotVersionLocaleDetails"]!["SourceBotVersion"]);
        var alias = TemplateJson.Properties("AWS::Lex::BotAlias");
        Assert.Equal(LabAssistantBot.AliasName, (string?)alias["BotAliasName"]);
        Assert.Equal(TemplateJson.Id("AWS::Lex::BotVersion"), (string?)alias["BotVersion"]!["Fn::GetAtt"]![0]);
        var function = TemplateJson.Id("AWS::Lambda::Function", "Fulfilment");
        var aliasHook = alias["BotAliasLocaleSettings"]![0]!["BotAliasLocaleSetting"]!;
        var testHook = Bot["TestBotAliasSettings"]!["BotAliasLocaleSettings"]![0]!["BotAliasLocaleSetting"]!;
        foreach (var hook in new[] { aliasHook, testHook })
        {
            Assert.True((bool)hook["Enabled"]!);
            Assert.Equal(function, (string?)hook["CodeHookSpecification"]!["LambdaCodeHook"]!["LambdaArn"]!["Fn::GetAtt"]![0]);
            Assert.Equal("1.0", (string?)hook["CodeHookSpecification"]!["LambdaCodeHook"]!["CodeHookInterfaceVersion"]);
        }
    }

    [Fact]
    public void TheVersionsIdFollowsTheBotsDefinition()
    {
        Assert.Equal("AssistantVersion" + LabAssistantBot.DefinitionHash(0.4), TemplateJson.Id("AWS::Lex::BotVersion")[..("AssistantVersion".Length + 8)]);
        Assert.NotEqual(LabAssistantBot.DefinitionHash(0.4), LabAssistantBot.DefinitionHash(0.41));
    }

    [Fact]
    public void LexMayInvokeTheFunctionOnlyFromTheLabsAliasAndTheTestAlias()
    {
        var permissions = TemplateJson.ResourcesOf("AWS::Lambda::Permission").Select(p => p.Resource["Properties"]!.AsObject()).ToList();
        Assert.Equal(2, permissions.Count);
        Assert.All(permissions, p =>
        {
            Assert.Equal("lexv2.amazonaws.com", (string?)p["Principal"]);
            Assert.Equal("lambda:InvokeFunction", (string?)p["Action"]);
            Assert.Equal(TemplateJson.Id("AWS::Lambda::Function", "Fulfilment"), (string?)p["FunctionName"]!["Fn::GetAtt"]![0]);
        });
        Assert.Contains(permissions, p => (string?)p["SourceArn"]!["Fn::GetAtt"]?[0] == TemplateJson.Id("AWS::Lex::BotAlias"));
        var test = permissions.Single(p => p["SourceArn"]!["Fn::Join"] is not null)["SourceArn"]!.ToJsonString();
        Assert.Contains(":bot-alias/", test);
        Assert.Contains($"/{LabAssistantBot.TestAliasId}", test);
        Assert.Contains(TemplateJson.Id("AWS::Lex::Bot"), test);
    }

    [Fact]
    public void TheBotsRoleTrustsLexV2WithoutAConditionAndMayCallNothing()
    {
        var role = TemplateJson.ResourcesOf("AWS::IAM::Role", "AssistantRole").Single();
        var trust = role.Resource["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        Assert.Equal("lexv2.amazonaws.com", (string?)trust["Principal"]!["Service"]);
        Assert.Null(trust["Condition"]); // Lex V2 documents no trust condition (ServiceFacts.Trust.Lex)
        Assert.Null(role.Resource["Properties"]!["ManagedPolicyArns"]);
        Assert.DoesNotContain(TemplateJson.ResourcesOf("AWS::IAM::Policy"),
            p => p.Resource["Properties"]!["Roles"]!.ToJsonString().Contains(role.Id, StringComparison.Ordinal));
        Assert.Equal(role.Id, (string?)Bot["RoleArn"]!["Fn::GetAtt"]![0]);
    }

    [Fact]
    public void TheFunctionMayListAndReadOnlyTheCustomersAndThePipelinesRunDocuments()
    {
        var statements = TemplateJson.PolicyStatements("FulfilmentReadsLake");
        Assert.Equal(2, statements.Count);
        Assert.Equal(["s3:ListBucket"], Actions(statements[0]));
        Assert.Equal(["raw/customers/", "curated/ai-results/", "curated/ai-errors/"],
            statements[0]["Condition"]!["StringEquals"]!["s3:prefix"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["s3:GetObject"], Actions(statements[1]));
        var objects = statements[1]["Resource"]!.AsArray().Select(r => (string)r!["Fn::Join"]![1]![1]!).Order(StringComparer.Ordinal);
        Assert.Equal(["/curated/ai-errors/*", "/curated/ai-results/*", "/raw/customers/*"], objects);
        // Only its logs besides: the CDK's AWSLambdaBasicExecutionRole, and no default policy.
        Assert.DoesNotContain(TemplateJson.ResourcesOf("AWS::IAM::Policy"), p => p.Id.StartsWith("FulfilmentFunctionServiceRoleDefaultPolicy", StringComparison.Ordinal));
        var function = TemplateJson.Properties("AWS::Lambda::Function", "Fulfilment");
        Assert.Equal("nodejs22.x", (string?)function["Runtime"]);
        Assert.Equal("fulfilment.handler", (string?)function["Handler"]);
        Assert.Contains("ExportsOutputRefStorageLakeBucket", function["Environment"]!["Variables"]!["LAKE_BUCKET"]!.ToJsonString());
    }

    private static readonly JsonNode RuntimeModel =
        JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "node_modules", "aws-sdk", "apis", "runtime.lex.v2-2020-08-07.min.json")))!;

    /// <summary>A shape of the runtime model, following <c>shape</c> references.</summary>
    private static JsonNode Shape(JsonNode reference) => reference["shape"] is JsonNode name ? Shape(RuntimeModel["shapes"]![(string)name!]!) : reference;

    private static string Member(string flag) => string.Concat(flag.Split('-').Select((w, i) => i == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>The options of a <c>recognize-text</c> command, without <c>--query</c>, each as RecognizeText's input member.</summary>
    private static List<string> Members(string command) => System.Text.RegularExpressions.Regex.Matches(command, @"--([a-z-]+)")
        .Select(m => m.Groups[1].Value).Where(flag => flag != "query").Select(Member).ToList();

    [Fact]
    public void TheAskCommandUsesRecognizeTextWithEveryRequiredMemberOfTheRuntimeModel()
    {
        var command = string.Concat(TemplateJson.Outputs()["AskTheAssistant"]!["Value"]!["Fn::Join"]![1]!.AsArray()
            .Select(part => part is JsonValue ? (string)part! : "<id>"));
        Assert.StartsWith("aws lexv2-runtime recognize-text ", command);
        var input = RuntimeModel["operations"]!["RecognizeText"]!["input"]!;
        Assert.All(Members(command), member => Assert.NotNull(input["members"]![member]));
        Assert.Equal(input["required"]!.AsArray().Select(r => (string)r!).Order(), Members(command).Order());
        Assert.Contains("--locale-id en_US", command);
    }

    [Fact]
    public void TheExercisesCommandsNameRecognizeTextsMembersAndQueryOnlyWhatItReturns()
    {
        var exercise = File.ReadAllText(Path.Combine(LabPaths.Root, "docs", "exercises", "08-lex.md")).Replace("\\\n", " ", StringComparison.Ordinal);
        var commands = System.Text.RegularExpressions.Regex.Matches(exercise, @"aws lexv2-runtime recognize-text [^\n]*").Select(m => m.Value).ToList();
        Assert.True(commands.Count >= 3);
        var operation = RuntimeModel["operations"]!["RecognizeText"]!;
        var required = operation["input"]!["required"]!.AsArray().Select(r => (string)r!).ToList();
        var output = Shape(operation["output"]!);
        foreach (var command in commands)
        {
            Assert.All(Members(command), member => Assert.NotNull(operation["input"]!["members"]![member]));
            Assert.All(required, member => Assert.Contains(member, Members(command)));
            var query = System.Text.RegularExpressions.Regex.Match(command, @"--query '\{(?<projection>[^']*)\}'");
            if (!query.Success)
            {
                continue;
            }
            // "name: path, ..." with "list[].[a, b]" written out as "list[].a, list[].b"; each path read through the output's shapes.
            var projection = System.Text.RegularExpressions.Regex.Replace(query.Groups["projection"].Value, @"(\w+)\[\]\.\[([^\]]*)\]",
                m => string.Join(", ", m.Groups[2].Value.Split(", ").Select(p => $"{m.Groups[1].Value}[].{p}")));
            foreach (var path in projection.Split(", ").Select(p => p.Contains(": ", StringComparison.Ordinal) ? p.Split(": ", 2)[1] : p))
            {
                var shape = output;
                foreach (var step in path.Split('.'))
                {
                    var name = step.Split('[')[0];
                    shape = Shape(shape["members"]?[name] ?? throw new Xunit.Sdk.XunitException($"{command}: {path}: RecognizeText returns no {name} there"));
                    shape = step.Contains('[', StringComparison.Ordinal) ? Shape(shape["member"]!) : shape;
                }
            }
        }
    }
}
