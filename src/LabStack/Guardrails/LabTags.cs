namespace LabStack.Guardrails;

/// <summary>Tags every taggable resource of the lab, for cost allocation and for finding what the lab created.</summary>
public static class LabTags
{
    /// <summary>Value of the <c>purpose</c> tag.</summary>
    public const string Purpose = "ml-study-lab";

    /// <summary>
    /// Adds <c>lab={labName}</c> and <c>purpose=ml-study-lab</c> to everything under <paramref name="scope"/> that the
    /// CDK's Tags aspect reaches; returns the tags, for <see cref="RawResourceTags"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AddTo(IConstruct scope, string labName)
    {
        var tags = new Dictionary<string, string> { ["lab"] = labName, ["purpose"] = Purpose };
        foreach (var (key, value) in tags)
        {
            Tags.Of(scope).Add(key, value);
        }
        return tags;
    }

    /// <summary>
    /// Tags the taggable types the CDK's Tags aspect skips here: the CDK's custom-resource providers are plain
    /// CfnResources, and aws-cdk-lib 2.160's CfnRule, CfnNotebookInstanceLifecycleConfig and CfnVPCEndpoint predate
    /// those types' Tags property, and it has no L1 for AWS::SageMaker::Workforce (a plain CfnResource in the Ground
    /// Truth stack). Lex's bot and alias name their tag lists otherwise (the bot's also tags its test alias).
    /// </summary>
    public sealed class RawResourceTags(IReadOnlyDictionary<string, string> tags) : IGuardrail
    {
        private static readonly Dictionary<string, string[]> RawTaggableTypes = new()
        {
            ["AWS::IAM::Role"] = ["Tags"],
            ["AWS::Lambda::Function"] = ["Tags"],
            ["AWS::Events::Rule"] = ["Tags"],
            ["AWS::SageMaker::NotebookInstanceLifecycleConfig"] = ["Tags"],
            ["AWS::EC2::VPCEndpoint"] = ["Tags"],
            ["AWS::Lex::Bot"] = ["BotTags", "TestBotAliasTags"],
            ["AWS::Lex::BotAlias"] = ["BotAliasTags"],
            ["AWS::SageMaker::Workforce"] = ["Tags"],
        };

        /// <inheritdoc/>
        public void Visit(IConstruct node)
        {
            if (node is CfnResource resource && node is not ITaggable && RawTaggableTypes.TryGetValue(resource.CfnResourceType, out var properties))
            {
                foreach (var property in properties)
                {
                    resource.AddPropertyOverride(property, tags.Select(t => new Dictionary<string, string> { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());
                }
            }
        }
    }
}
