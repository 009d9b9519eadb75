using System.Text.Json.Nodes;

namespace LabStack.Tests.Guardrails;

/// <summary>
/// Roles that AWS services assume for the lab: each trust policy names the lab's account (aws:SourceAccount, or
/// Firehose's sts:ExternalId), so no other account's use of the same service can act through them (the confused deputy).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ServiceRoleTests(LabFixture lab)
{
    /// <summary>Services that pass the calling account when they assume a role; Lambda and EC2 do not, so their roles are not listed.</summary>
    private static readonly Dictionary<string, string> AccountKeyOf = new()
    {
        ["states.amazonaws.com"] = "aws:SourceAccount",
        ["events.amazonaws.com"] = "aws:SourceAccount",
        ["glue.amazonaws.com"] = "aws:SourceAccount",
        ["sagemaker.amazonaws.com"] = "aws:SourceAccount",
        ["elasticmapreduce.amazonaws.com"] = "aws:SourceAccount",
        ["firehose.amazonaws.com"] = "sts:ExternalId",
    };

    [Fact]
    public void EveryServiceRoleTrustsItsServiceOnlyForThisAccount()
    {
        var checkedRoles = new HashSet<string>();
        foreach (var stack in lab.Default.Stacks.All)
        {
            foreach (var (id, resource) in lab.Default.TemplateJson(stack.StackName)["Resources"]!.AsObject())
            {
                if ((string?)resource!["Type"] != "AWS::IAM::Role")
                {
                    continue;
                }
                foreach (var statement in resource["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())
                {
                    var service = (string?)statement!["Principal"]?["Service"];
                    if (service is null || !AccountKeyOf.TryGetValue(service, out var key))
                    {
                        continue;
                    }
                    var condition = statement["Condition"]?["StringEquals"]?[key];
                    Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "Ref": "AWS::AccountId" }"""), condition),
                        $"{stack.StackName}/{id}: {service} may assume it for any account (no {key} condition)");
                    checkedRoles.Add(service);
                }
            }
        }
        Assert.Equal(AccountKeyOf.Keys.Order(), checkedRoles.Order());
    }

    [Fact]
    public void NoSuppressionCoversEveryActionOrEveryResource()
    {
        foreach (var stack in lab.Default.Stacks.All)
        {
            foreach (var (id, resource) in lab.Default.TemplateJson(stack.StackName)["Resources"]!.AsObject())
            {
                var rules = resource!["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray() ?? [];
                foreach (var pattern in rules.SelectMany(r => r!["applies_to"]?.AsArray() ?? []).Select(a => a is JsonObject o ? (string?)o["regex"] : null))
                {
                    Assert.False(pattern is not null && (pattern.StartsWith("/^Action::", StringComparison.Ordinal) && pattern.EndsWith(":.*$/", StringComparison.Ordinal)
                        || pattern == "/^Resource::.*$/"), $"{stack.StackName}/{id}: suppression {pattern} covers a whole service's actions or every resource");
                }
            }
        }
    }
}
