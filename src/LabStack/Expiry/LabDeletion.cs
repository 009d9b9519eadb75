using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.Facts;
using static LabStack.ServiceCalls;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;

namespace LabStack.Expiry;

/// <summary>Where the deletion report goes when the lake is kept (<c>retainData=true</c>).</summary>
/// <param name="DataLakeStack">The stack holding the lake.</param>
/// <param name="LakeBucketLogicalId">The lake bucket's logical id in that stack (pinned by a test).</param>
public sealed record DeletionReportTarget(string DataLakeStack, string LakeBucketLogicalId);

/// <summary>Props for <see cref="LabDeletion"/>.</summary>
public sealed record LabDeletionProps
{
    /// <summary>The lab's module stacks in deletion order: dependents first, the lake last.</summary>
    public required IReadOnlyList<string> StacksInOrder { get; init; }

    /// <summary>The stack holding the expiry itself, deleted last without waiting.</summary>
    public required string ExpiryStack { get; init; }

    /// <summary>Where to write a JSON report when the lake is kept; null when the lake goes with the lab.</summary>
    public DeletionReportTarget? Report { get; init; }

    /// <summary>Where the workflow logs.</summary>
    public required ILogGroup LogGroup { get; init; }
}

/// <summary>
/// Deletes the lab, one stack at a time, waiting for each deletion to finish before the next: DeleteStack, then a
/// bounded Wait/DescribeStacks/Choice loop on the stack's id. A stack that is not deployed is skipped; a deletion that
/// fails (DELETE_FAILED, or a stack CloudFormation left as it was, for example because another stack imports its
/// exports) stops the run with the stack's status reason. Then the expiry stack itself is deleted. No iam:PassRole:
/// DeleteStack without a RoleARN uses the role the stack was deployed with (the CDK's cfn-exec role).
/// </summary>
public sealed class LabDeletion : Construct
{
    /// <summary>Seconds between two looks at a stack being deleted.</summary>
    public const int PollSeconds = 30;

    /// <summary>Looks before a deletion counts as stuck (60 minutes).</summary>
    public const int MaxPolls = 120;

    /// <summary>Where reports go in the kept lake.</summary>
    public const string ReportPrefix = "curated/lab-expiry/";

    /// <summary>The workflow.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Creates the LabDeletion in <paramref name="scope"/>, as <paramref name="props"/> says.</summary>
    public LabDeletion(Construct scope, string id, LabDeletionProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        string StackArn(string name) => stack.FormatArn(new ArnComponents { Service = "cloudformation", Resource = "stack", ResourceName = name + "/*" });
        var labStacks = props.StacksInOrder.Append(props.ExpiryStack).Select(StackArn).ToArray();

        ServiceCall Describe(string stackName) => new()
        {
            Service = "cloudformation", Action = "describeStacks", IamAction = "cloudformation:DescribeStacks", IamResources = labStacks,
            Parameters = Fields(("StackName", JsonPath.StringAt(stackName))),
        };

        // One stack: describe (skip it if it is not deployed), delete, then look every PollSeconds until it is gone.
        var describe = Call(this, "Describe stack", Describe("$.stack") with
        {
            ResultSelector = KeepWithDefaults(("Stacks", Array.Empty<object>())),
            ResultPath = "$.found",
        });
        var notDeployed = new Pass(this, "Not deployed", new PassProps { Parameters = Fields(("stack", JsonPath.StringAt("$.stack")), ("outcome", "not deployed")) });
        var described = "$.found.found.Stacks[0]";
        var stackId = new Pass(this, "Stack id", new PassProps { Parameters = Fields(("id", JsonPath.StringAt(described + ".StackId"))), ResultPath = "$.found" });
        describe.AddCatch(new Choice(this, "Does it exist?")
            .When(Condition.StringMatches("$.error.Cause", "*does not exist*"), notDeployed)
            .Otherwise(new Fail(this, "Cannot describe", new FailProps { Error = "LabExpiry.DescribeFailed", CausePath = "$.error.Cause" })),
            new CatchProps { Errors = ["CloudFormation.CloudFormationException"], ResultPath = "$.error" });

        var delete = Call(this, "Delete stack", new ServiceCall
        {
            Service = "cloudformation", Action = "deleteStack", IamAction = "cloudformation:DeleteStack", IamResources = labStacks,
            Parameters = Fields(("StackName", JsonPath.StringAt("$.found.id"))),
            ResultPath = JsonPath.DISCARD,
        });
        var wait = new Wait(this, "Wait for deletion", new WaitProps { Time = WaitTime.Duration(Duration.Seconds(PollSeconds)) });
        var look = Call(this, "Deletion status", Describe("$.found.id") with
        {
            ResultSelector = KeepWithDefaults(("Stacks", Array.Empty<object>())),
            ResultPath = "$.poll",
        });
        var polled = "$.poll.found.Stacks[0]";
        var count = new Pass(this, "Count look", new PassProps
        {
            Parameters = Fields(("count", JsonPath.MathAdd(JsonPath.NumberAt("$.polls.count"), 1))),
            ResultPath = "$.polls",
        });
        var failed = new Choice(this, "Has a reason?")
            .When(Condition.IsPresent(polled + ".StackStatusReason"),
                new Fail(this, "Deletion failed", new FailProps { Error = "LabExpiry.DeleteFailed", CausePath = polled + ".StackStatusReason" }))
            .Otherwise(new Fail(this, "Deletion failed without a reason", new FailProps
            {
                Error = "LabExpiry.DeleteFailed",
                Cause = "CloudFormation stopped deleting a lab stack without saying why: see its events in the console.",
            }));
        var deleted = new Pass(this, "Deleted", new PassProps { Parameters = Fields(("stack", JsonPath.StringAt("$.stack")), ("outcome", "deleted")) });
        stackId.Next(delete).Next(wait).Next(look).Next(FillDefaults(this, "Status or none", "$.poll")).Next(new Choice(this, "Deleted?")
            .When(Condition.Not(Condition.IsPresent(polled + ".StackStatus")), deleted)
            .When(Condition.StringEquals(polled + ".StackStatus", "DELETE_COMPLETE"), deleted)
            .When(Condition.StringEquals(polled + ".StackStatus", "DELETE_IN_PROGRESS"), count.Next(new Choice(this, "Too long?")
                .When(Condition.NumberGreaterThanEquals("$.polls.count", MaxPolls), new Fail(this, "Deletion timed out", new FailProps
                {
                    Error = "LabExpiry.DeleteTimedOut",
                    Cause = $"A lab stack was still being deleted after {MaxPolls * PollSeconds / 60} minutes: see its events in the console.",
                }))
                .Otherwise(wait)))
            .Otherwise(failed));
        var oneStack = describe.Next(FillDefaults(this, "Stack or none", "$.found")).Next(new Choice(this, "Deployed?")
            .When(Condition.IsPresent(described + ".StackId"), stackId)
            .Otherwise(notDeployed));

        var eachStack = new SfnMap(this, "Delete each stack", new MapProps
        {
            ItemsPath = "$.lab.stacks",
            ItemSelector = Fields(("stack", JsonPath.StringAt("$$.Map.Item.Value")), ("polls", Fields(("count", 0)))),
            MaxConcurrency = 1,
            ResultPath = "$.deleted",
        });
        eachStack.ItemProcessor(oneStack);

        IChainable Report(string name, IChainable next)
        {
            if (props.Report is null)
            {
                return next;
            }
            var write = Call(this, name, new ServiceCall
            {
                Service = "s3", Action = "putObject", IamAction = "s3:PutObject",
                // The kept bucket's name is generated by CloudFormation from the stack's name: <stack, lowercased>-<logical id>-<suffix>.
                IamResources = [$"arn:{Aws.PARTITION}:s3:::{props.Report.DataLakeStack.ToLowerInvariant()}-*/{ReportPrefix}*"],
                Parameters = Fields(
                    ("Bucket", JsonPath.StringAt("$.lake.bucket")),
                    ("Key", JsonPath.Format(ReportPrefix + "{}.json", JsonPath.ExecutionName)),
                    ("ContentType", "application/json"),
                    ("Body", JsonPath.JsonToString(JsonPath.StringAt("$.report")))),
                ResultPath = JsonPath.DISCARD,
            });
            write.AddCatch(next, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.report_error" });
            write.Next(next);
            return new Choice(this, name + "?").When(Condition.IsPresent("$.lake.bucket"), write).Otherwise(next);
        }

        var deleteSelf = Call(this, "Delete the expiry stack", new ServiceCall
        {
            Service = "cloudformation", Action = "deleteStack", IamAction = "cloudformation:DeleteStack", IamResources = labStacks,
            Parameters = Fields(("StackName", props.ExpiryStack)),
            ResultPath = JsonPath.DISCARD,
        });
        deleteSelf.Next(new Succeed(this, "Lab deleted", new SucceedProps { OutputPath = "$.report" }));
        eachStack.Next(new Pass(this, "Deletion report", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("outcome", "deleted"),
                ("trigger", JsonPath.StringAt("$.trigger")),
                ("stacks", JsonPath.ListAt("$.deleted")),
                ("started_at", JsonPath.ExecutionStartTime),
                ("finished_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.report",
        })).Next(Report("Write report", deleteSelf));

        var failure = new Pass(this, "Failure report", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("outcome", "failed"),
                ("trigger", JsonPath.StringAt("$.trigger")),
                ("error", JsonPath.StringAt("$.error.Error")),
                ("cause", JsonPath.StringAt("$.error.Cause")),
                ("started_at", JsonPath.ExecutionStartTime),
                ("failed_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.report",
        });
        failure.Next(Report("Write failure report",
            new Fail(this, "Lab not deleted", new FailProps { ErrorPath = "$.report.error", CausePath = "$.report.cause" })));
        eachStack.AddCatch(failure, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });

        var start = new Pass(this, "Lab stacks", new PassProps
        {
            Parameters = Fields(("trigger", JsonPath.StringAt("$")), ("lab", Fields(("stacks", props.StacksInOrder.ToArray())))),
        });
        IChainable first = eachStack;
        if (props.Report is not null)
        {
            var findLake = Call(this, "Find the kept lake", new ServiceCall
            {
                Service = "cloudformation", Action = "describeStackResource", IamAction = "cloudformation:DescribeStackResource",
                IamResources = [StackArn(props.Report.DataLakeStack)],
                Parameters = Fields(("StackName", props.Report.DataLakeStack), ("LogicalResourceId", props.Report.LakeBucketLogicalId)),
                ResultSelector = Fields(("bucket", JsonPath.StringAt("$.StackResourceDetail.PhysicalResourceId"))),
                ResultPath = "$.lake",
            });
            findLake.AddCatch(eachStack, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.lake" });
            findLake.Next(eachStack);
            first = findLake;
        }

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(start.Next(first)),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Duration.Hours(6),
            Logs = new LogOptions { Destination = props.LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            TracingEnabled = true,
            Comment = "ML study lab: deletes the lab's stacks, dependents first, each after the previous one is gone",
        });
    }
}
