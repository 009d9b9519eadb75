
namespace LabStack.Tests.Guardrails;

/// <summary>
/// Roles that AWS services assume for the lab: each trust policy carries exactly the condition that service's
/// confused-deputy documentation shows for that use (ServiceFacts.Trust cites the pages), and no other. A condition on a
/// key the calling service never sends makes the role impossible to assume: Glue, notebook instances, Lex V2 bots and Managed Flink applications get none.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ServiceRoleTests(LabFixture lab)
{
    /// <summary>The condition <c>StringEquals</c> of <paramref name="key"/> to the stack's account, as the template writes it.</summary>
    private static string AccountIs(string key) => "{\"StringEquals\":{\"" + key + "\":{\"Ref\":\"AWS::AccountId\"}}}";

    /// <summary>Each service role of the default lab (by stack and logical id prefix): its principal and its exact condition, or none.</summary>
    private static readonly (string Stack, string Role, string Service, string? Condition)[] Pinned =
    [
        ("mllab-Expiry", "ClockRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-Expiry", "DeletionRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-Expiry", "ClockTriggerRole", "events.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-AiPipeline", "WorkflowRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-AiPipeline", "TriggerStartRole", "events.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-Emr", "SparkServiceRole", "elasticmapreduce.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-Streaming", "DeliveryRole", "firehose.amazonaws.com", AccountIs("sts:ExternalId")),
        ("mllab-SageMaker", "EndpointRole", "sagemaker.amazonaws.com",
            """{"ArnLike":{"aws:SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":sagemaker:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":*"]]}}}"""),
        ("mllab-SageMaker", "NotebookRole", "sagemaker.amazonaws.com", null),
        ("mllab-MlOps", "TrainingRole", "sagemaker.amazonaws.com", null),
        ("mllab-MlOps", "FeaturesRole", "sagemaker.amazonaws.com", null),
        ("mllab-MlOps", "DeploymentModelRole", "sagemaker.amazonaws.com",
            """{"ArnLike":{"aws:SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":sagemaker:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":*"]]}}}"""),
        ("mllab-MlOps", "DeploymentRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-MlOps", "DeploymentStartRole", "events.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-MlOps", "StarterRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-MlOps", "StarterStartRole", "events.amazonaws.com", AccountIs("aws:SourceAccount")),
        ("mllab-DataLake", "CatalogCrawlerRole", "glue.amazonaws.com", null),
        ("mllab-DataLake", "GlueJobRole", "glue.amazonaws.com", null),
        ("mllab-Lex", "AssistantRole", "lexv2.amazonaws.com", null),
        ("mllab-Flink", "NotebookRole", "kinesisanalytics.amazonaws.com", null),
        ("mllab-Flink", "SessionRole", "states.amazonaws.com", AccountIs("aws:SourceAccount")),
    ];

    [Fact]
    public void EachServiceRoleCarriesExactlyTheTrustConditionItsServiceDocuments()
    {
        var found = new List<(string Stack, string Role, string Service, string? Condition)>();
        foreach (var (stack, id, resource, _) in lab.Default.AllResources("AWS::IAM::Role"))
        {
            foreach (var statement in resource["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())
            {
                // Lambda and EC2 roles: neither service sends a source account when it assumes them.
                if ((string?)statement!["Principal"]?["Service"] is string service && service is not ("lambda.amazonaws.com" or "ec2.amazonaws.com"))
                {
                    var role = Pinned.FirstOrDefault(p => p.Stack == stack && id.StartsWith(p.Role, StringComparison.Ordinal)).Role ?? id;
                    found.Add((stack, role, service, statement["Condition"]?.ToJsonString()));
                }
            }
        }
        Assert.Equal(Pinned.OrderBy(p => p.Stack).ThenBy(p => p.Role), found.OrderBy(p => p.Stack).ThenBy(p => p.Role));
    }

    [Fact]
    public void EveryTrustTheLabUsesComesFromTheFactsTable()
    {
        // The principals in the templates are exactly those of ServiceFacts.Trust, and a plain principal is one whose page shows no condition.
        Assert.Equal(Pinned.Select(p => p.Service).Distinct().Order(), LabStack.Facts.ServiceFacts.Trust.All.Select(t => t.Principal).Distinct().Order());
        Assert.All(LabStack.Facts.ServiceFacts.Trust.All.Where(t => t.Key is null), t => Assert.Contains(Pinned, p => p.Service == t.Principal && p.Condition is null));
    }

    [Fact]
    public void NoSuppressionCoversEveryActionOrEveryResource()
    {
        foreach (var (stack, id, resource, _) in lab.Default.AllResources())
        {
            foreach (var pattern in resource.NagSuppressions().SelectMany(r => r["applies_to"]?.AsArray() ?? []).Select(a => a is JsonObject o ? (string?)o["regex"] : null))
            {
                Assert.False(pattern is not null && (pattern.StartsWith("/^Action::", StringComparison.Ordinal) && pattern.EndsWith(":.*$/", StringComparison.Ordinal)
                    || pattern == "/^Resource::.*$/"), $"{stack}/{id}: suppression {pattern} covers a whole service's actions or every resource");
            }
        }
    }
}
