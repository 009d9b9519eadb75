using Amazon.CDK.Assertions;
using LabStack.DataLake;
using LabStack.Summary;

namespace LabStack.Tests.Guardrails;

/// <summary>The guards every learner relies on: a budget, tags for cost allocation.</summary>
[Collection(LabCollection.Name)]
public sealed class GuardrailsTests(LabFixture lab)
{
    [Fact]
    public void EveryStateMachineLogsUnderVendedLogsInALogGroupNamedForTheLab()
    {
        // CloudWatch Logs' resource policy holds 5,120 characters; groups under /aws/vendedlogs/ do not add to it.
        var machines = lab.Default.AllResources("AWS::StepFunctions::StateMachine").ToList();
        foreach (var (stack, id, machine, template) in machines)
        {
            var groupId = (string)machine["Properties"]!["LoggingConfiguration"]!["Destinations"]![0]!["CloudWatchLogsLogGroup"]!["LogGroupArn"]!["Fn::GetAtt"]![0]!;
            var group = template.Resources()[groupId]!;
            var name = (string?)group["Properties"]!["LogGroupName"];
            Assert.True(name is not null && name.StartsWith("/aws/vendedlogs/states/mllab-", StringComparison.Ordinal), $"{stack}/{id} logs to {name ?? "a generated name"}");
            Assert.Equal("Delete", (string?)group["DeletionPolicy"]);
        }
        Assert.Equal(6, machines.Count); // the AI pipeline, the expiry clock and the deletion, the MLOps deploy and start, the Flink notebook's session
        var other = lab.With("labName=otherlab", "modules=pipeline");
        Assert.Contains("/aws/vendedlogs/states/otherlab-pipeline", other.TemplateJson("otherlab-AiPipeline").ToJsonString());
    }

    [Fact]
    public void AMonthlyAccountWideCostBudgetIsSetToTheDefault()
    {
        var template = lab.Default.Template<DataLakeStack>();
        template.ResourceCountIs("AWS::Budgets::Budget", 1);
        template.HasResourceProperties("AWS::Budgets::Budget", Json("""
            { "Budget": { "BudgetType": "COST", "TimeUnit": "MONTHLY", "BudgetLimit": { "Amount": 20, "Unit": "USD" } } }
            """));
        var budget = template.FindResources("AWS::Budgets::Budget").Values.Single();
        var budgetData = (IDictionary<string, object>)PropertiesOf(budget)["Budget"];
        Assert.False(budgetData.ContainsKey("CostFilters"), "the budget covers the whole account (see LabBudget)");
        Assert.False(PropertiesOf(budget).ContainsKey("NotificationsWithSubscribers"), "no email, no subscribers");
    }

    [Fact]
    public void WithAnEmailTheBudgetAlertsAtFiftyAndEightyPercentAndOnForecast()
    {
        var template = lab.Customized.Template<DataLakeStack>();
        // Exactly these notifications, in this order: 50 and 80 percent of the actual cost, 100 percent of the forecast.
        (string Type, int Percent)[] thresholds = [("ACTUAL", 50), ("ACTUAL", 80), ("FORECASTED", 100)];
        var notifications = thresholds.Select(t => (object)Json($$"""
            {
              "Notification": { "NotificationType": "{{t.Type}}", "ComparisonOperator": "GREATER_THAN", "Threshold": {{t.Percent}}, "ThresholdType": "PERCENTAGE" },
              "Subscribers": [ { "SubscriptionType": "EMAIL", "Address": "learner@example.com" } ]
            }
            """)).ToArray();
        template.HasResourceProperties("AWS::Budgets::Budget", new Dictionary<string, object>
        {
            ["Budget"] = Json("""{ "BudgetLimit": { "Amount": 35, "Unit": "USD" } }"""),
            ["NotificationsWithSubscribers"] = notifications,
        });
    }

    [Fact]
    public void EveryTaggableResourceCarriesTheLabAndPurposeTags()
    {
        // Checked against the CloudFormation spec's tag information by tools/validate (rule Spec-MissingTag).
        Assert.DoesNotContain(lab.Default.Validation.Findings, f => f.Rule == "Spec-MissingTag");
        lab.Default.Template<DataLakeStack>().HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["Tags"] = Match.ArrayWith([Json("""{ "Key": "lab", "Value": "mllab" }"""), Json("""{ "Key": "purpose", "Value": "ml-study-lab" }""")]),
        });
    }

    [Fact]
    public void WithoutAnEmailSynthesisWarnsTheWayTheCdkWarns()
    {
        Annotations.FromStack(lab.Default.Stack<DataLakeStack>()).HasWarning("/mllab-DataLake", Match.StringLikeRegexp("^alertEmail is not set"));
        Annotations.FromStack(lab.Customized.Stack<DataLakeStack>()).HasNoWarning("*", Match.AnyValue());
        Assert.Contains(SynthSummary.Read(lab.Default.Assembly).SelectMany(s => s.Warnings), w => w.Contains("alertEmail is not set", StringComparison.Ordinal));
    }
}
