using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using static LabStack.ServiceCalls;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;

namespace LabStack.Expiry;

/// <summary>Where the deletion report goes when the lake is kept (<c>retainData=true</c>).</summary>
/// <param name="DataLakeStack">The stack holding the lake.</param>
/// <param name="LakeBucketLogicalId">The lake bucket's logical id in that stack (pinned by a test).</param>
public sealed record DeletionReportTarget(string DataLakeStack, string LakeBucketLogicalId)
{
    /// <summary>The longest random suffix CloudFormation adds to a name it generates (12 in its docs' example, 13 seen).</summary>
    public const int MaxSuffix = 13;

    /// <summary>
    /// The names CloudFormation may generate for the lake bucket, as an IAM pattern. A generated bucket name is
    /// "&lt;stack&gt;-&lt;logical id&gt;-&lt;random suffix&gt;", lowercased (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html:
    /// "stack123123123123-s3bucket-abcdefghijk1"); past S3's 63 characters the stack part is cut to fit. So a stack name
    /// that fits whole beside the longest suffix is named exactly; a longer one by the part that always survives the cut,
    /// then a wildcard for the one character a shorter suffix leaves.
    /// </summary>
    public string BucketNamePattern()
    {
        var stack = DataLakeStack.ToLowerInvariant();
        var rest = $"-{LakeBucketLogicalId.ToLowerInvariant()}-";
        var room = 63 - rest.Length - MaxSuffix;
        return stack.Length <= room ? $"{stack}{rest}*" : $"{stack[..room]}*{rest}*";
    }
}

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

    /// <summary>The clock's state machine name: a failed deletion restarts it (by name: the clock starts this workflow).</summary>
    public required string ClockName { get; init; }

    /// <summary>The topic that emails the learner once the lab is deleted; null: nobody is told.</summary>
    public ITopic? Alerts { get; init; }
}

/// <summary>
/// Deletes the lab, one stack at a time, waiting for each deletion to finish before the next: DeleteStack, then a
/// bounded Wait/DescribeStacks/Choice loop on the stack's id. A stack that is not deployed is skipped; a deletion that
/// fails (DELETE_FAILED, or a stack CloudFormation left as it was, for example because another stack imports its
/// exports) stops the run with the stack's status reason and restarts the clock, which tells the learner. Every
/// CloudFormation call retries throttling. Then the learner is told, and the expiry stack itself is deleted. No iam:PassRole:
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

    // The stack found by "Describe stack", and the stack as the last look at its deletion saw it.
    private const string Described = "$.found.found.Stacks[0]";
    private const string Polled = "$.poll.found.Stacks[0]";

    private readonly LabDeletionProps props;

    // Every stack the workflow may describe or delete: the lab's module stacks and the expiry stack.
    private readonly string[] labStackArns;

    // The clock, by the name it is given.
    private readonly string clockArn;

    /// <summary>
    /// A CloudFormation call that retries its errors a few times with backoff and jitter before any Catch: Step Functions
    /// reports CloudFormation's throttling ("Rate exceeded") as CloudFormation.CloudFormationException, the name it gives
    /// every error of that API it has no exception class for, "does not exist" included, so that one is retried too
    /// (seconds) before the catch reads it (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
    /// </summary>
    private TaskStateBase CloudFormationCall(string name, ServiceCall call)
    {
        var task = Call(this, name, call);
        task.AddRetry(new RetryProps
        {
            Errors = [CloudFormationError],
            Interval = Duration.Seconds(1),
            BackoffRate = 2,
            MaxAttempts = CloudFormationRetries,
            JitterStrategy = JitterType.FULL,
        });
        return task;
    }

    /// <summary>The error name Step Functions gives CloudFormation's errors, throttling among them.</summary>
    public const string CloudFormationError = "CloudFormation.CloudFormationException";

    /// <summary>Retries of a CloudFormation call, after the first attempt (1, 2, 4, 8 s apart at most).</summary>
    public const int CloudFormationRetries = 4;

    /// <summary>The workflow.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>
    /// The workflow that deletes <see cref="LabDeletionProps.StacksInOrder"/> in that order, then
    /// <see cref="LabDeletionProps.ExpiryStack"/>, and reports to <see cref="LabDeletionProps.Report"/> when there is one.
    /// </summary>
    public LabDeletion(Construct scope, string id, LabDeletionProps props) : base(scope, id)
    {
        this.props = props;
        labStackArns = props.StacksInOrder.Append(props.ExpiryStack).Select(StackArn).ToArray();
        clockArn = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "states", Resource = "stateMachine", ResourceName = props.ClockName, ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });

        // The stacks one at a time, then a report and the expiry stack; any failure on the way ends in a failure report.
        var deleteEachStack = DeleteEachStack();
        deleteEachStack.AddCatch(FailureReport(), new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        var definition = Chain.Start(LabStacks())
            .Next(FindTheKeptLake(then: deleteEachStack))
            .Next(DeletionReport());

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Duration.Hours(6),
            Logs = new LogOptions { Destination = props.LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            TracingEnabled = true,
            Comment = "ML study lab: deletes the lab's stacks, dependents first, each after the previous one is gone",
        });
    }

    /// <summary>The run's input becomes its trigger, beside the stacks to delete.</summary>
    private Pass LabStacks() => new(this, "Lab stacks", new PassProps
    {
        Parameters = Fields(("trigger", JsonPath.StringAt("$")), ("lab", Fields(("stacks", props.StacksInOrder.ToArray())))),
    });

    /// <summary>
    /// With the lake kept, the bucket the report goes to, then <paramref name="then"/>; without it, only <paramref name="then"/>.
    /// A lake that cannot be found leaves an error at <c>$.lake</c>: the lab is still deleted, only without a report.
    /// </summary>
    private Chain FindTheKeptLake(IChainable then)
    {
        if (props.Report is null)
        {
            return Chain.Start(then);
        }
        var findLake = CloudFormationCall("Find the kept lake", new ServiceCall
        {
            Service = "cloudformation", Action = "describeStackResource", IamAction = "cloudformation:DescribeStackResource",
            IamResources = [StackArn(props.Report.DataLakeStack)],
            Parameters = Fields(("StackName", props.Report.DataLakeStack), ("LogicalResourceId", props.Report.LakeBucketLogicalId)),
            ResultSelector = Fields(("bucket", JsonPath.StringAt("$.StackResourceDetail.PhysicalResourceId"))),
            ResultPath = "$.lake",
        });
        findLake.AddCatch(then, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.lake" });
        return Chain.Start(findLake).Next(then);
    }

    /// <summary>The lab's stacks in order, one at a time; the outcome of each goes to <c>$.deleted</c>.</summary>
    private SfnMap DeleteEachStack()
    {
        var eachStack = new SfnMap(this, "Delete each stack", new MapProps
        {
            ItemsPath = "$.lab.stacks",
            ItemSelector = Fields(("stack", JsonPath.StringAt("$$.Map.Item.Value")), ("polls", Fields(("count", 0)))),
            MaxConcurrency = 1,
            ResultPath = "$.deleted",
        });
        return eachStack.ItemProcessor(DeleteOneStack());
    }

    /// <summary>One stack: describe it (skip it if it is not deployed), then delete it and wait until it is gone.</summary>
    private Chain DeleteOneStack()
    {
        var notDeployed = new Pass(this, "Not deployed", new PassProps
        {
            Parameters = Fields(("stack", JsonPath.StringAt("$.stack")), ("outcome", "not deployed")),
        });
        var describe = CloudFormationCall("Describe stack", Describe("$.stack") with
        {
            ResultSelector = KeepWithDefaults(("Stacks", Array.Empty<object>())),
            ResultPath = "$.found",
        });
        describe.AddCatch(new Choice(this, "Does it exist?")
            .When(Condition.StringMatches("$.error.Cause", "*does not exist*"), notDeployed)
            .Otherwise(new Fail(this, "Cannot describe", new FailProps { Error = "LabExpiry.DescribeFailed", CausePath = "$.error.Cause" })),
            new CatchProps { Errors = ["CloudFormation.CloudFormationException"], ResultPath = "$.error" });
        return Chain.Start(describe)
            .Next(FillDefaults(this, "Stack or none", "$.found"))
            .Next(new Choice(this, "Deployed?")
                .When(Condition.IsPresent(Described + ".StackId"), DeleteAndWait())
                .Otherwise(notDeployed));
    }

    /// <summary>Deletes the stack by its id, then looks every <see cref="PollSeconds"/> until it is gone or the deletion failed.</summary>
    private Chain DeleteAndWait()
    {
        var wait = new Wait(this, "Wait for deletion", new WaitProps { Time = WaitTime.Duration(Duration.Seconds(PollSeconds)) });
        var deleted = new Pass(this, "Deleted", new PassProps { Parameters = Fields(("stack", JsonPath.StringAt("$.stack")), ("outcome", "deleted")) });
        return Chain.Start(new Pass(this, "Stack id", new PassProps
            {
                Parameters = Fields(("id", JsonPath.StringAt(Described + ".StackId"))),
                ResultPath = "$.found",
            }))
            .Next(CloudFormationCall("Delete stack", new ServiceCall
            {
                Service = "cloudformation", Action = "deleteStack", IamAction = "cloudformation:DeleteStack", IamResources = labStackArns,
                Parameters = Fields(("StackName", JsonPath.StringAt("$.found.id"))),
                ResultPath = JsonPath.DISCARD,
            }))
            .Next(wait)
            .Next(CloudFormationCall("Deletion status", Describe("$.found.id") with
            {
                ResultSelector = KeepWithDefaults(("Stacks", Array.Empty<object>())),
                ResultPath = "$.poll",
            }))
            .Next(FillDefaults(this, "Status or none", "$.poll"))
            .Next(new Choice(this, "Deleted?")
                .When(Condition.Not(Condition.IsPresent(Polled + ".StackStatus")), deleted)
                .When(Condition.StringEquals(Polled + ".StackStatus", "DELETE_COMPLETE"), deleted)
                .When(Condition.StringEquals(Polled + ".StackStatus", "DELETE_IN_PROGRESS"), CountLookOrTimeOut(lookAgain: wait))
                .Otherwise(DeletionFailed()));
    }

    /// <summary>Counts the look, then goes back to <paramref name="lookAgain"/>, unless the deletion has taken <see cref="MaxPolls"/> looks.</summary>
    private Chain CountLookOrTimeOut(Wait lookAgain)
    {
        var count = new Pass(this, "Count look", new PassProps
        {
            Parameters = Fields(("count", JsonPath.MathAdd(JsonPath.NumberAt("$.polls.count"), 1))),
            ResultPath = "$.polls",
        });
        return Chain.Start(count).Next(new Choice(this, "Too long?")
            .When(Condition.NumberGreaterThanEquals("$.polls.count", MaxPolls), new Fail(this, "Deletion timed out", new FailProps
            {
                Error = "LabExpiry.DeleteTimedOut",
                Cause = $"A lab stack was still being deleted after {MaxPolls * PollSeconds / 60} minutes: see its events in the console.",
            }))
            .Otherwise(lookAgain));
    }

    /// <summary>
    /// CloudFormation stopped deleting the stack (DELETE_FAILED, or it left the stack as it was, for example because
    /// another stack imports its exports): the run fails with the stack's name and status reason, when it has one.
    /// </summary>
    private Choice DeletionFailed()
    {
        var failed = new Fail(this, "Deletion failed", new FailProps { Error = "LabExpiry.DeleteFailed", CausePath = "$.failure.cause" });
        var withReason = new Pass(this, "Stack and reason", new PassProps
        {
            Parameters = Fields(("cause", JsonPath.Format("{}: {}", JsonPath.StringAt("$.stack"), JsonPath.StringAt(Polled + ".StackStatusReason")))),
            ResultPath = "$.failure",
        });
        var withoutReason = new Pass(this, "Stack without a reason", new PassProps
        {
            Parameters = Fields(("cause", JsonPath.Format("{}: CloudFormation stopped deleting it without saying why: see its events in the console.",
                JsonPath.StringAt("$.stack")))),
            ResultPath = "$.failure",
        });
        withReason.Next(failed);
        withoutReason.Next(failed);
        return new Choice(this, "Has a reason?")
            .When(Condition.IsPresent(Polled + ".StackStatusReason"), withReason)
            .Otherwise(withoutReason);
    }

    /// <summary>Every stack is gone or was not deployed: the report, written to the kept lake, then the expiry stack.</summary>
    private Chain DeletionReport()
    {
        var report = new Pass(this, "Deletion report", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("outcome", "deleted"),
                ("trigger", JsonPath.StringAt("$.trigger")),
                ("stacks", JsonPath.ListAt("$.deleted")),
                ("started_at", JsonPath.ExecutionStartTime),
                ("finished_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.report",
        });
        return Chain.Start(report).Next(WriteReport("Write report", then: TellLabDeleted(then: DeleteTheExpiryStack())));
    }

    /// <summary>
    /// With <see cref="LabDeletionProps.Alerts"/>, emails that the lab is gone, then <paramref name="then"/>, before the
    /// topic goes with the expiry stack; a publish that fails goes on to <paramref name="then"/> too.
    /// </summary>
    private IChainable TellLabDeleted(IChainable then)
    {
        if (props.Alerts is null)
        {
            return then;
        }
        var kept = props.Report is null ? "" : $" The lake was kept (retainData): its report is under {ReportPrefix}.";
        var publish = Call(this, "Tell the learner", new ServiceCall
        {
            Service = "sns", Action = "publish", IamAction = "sns:Publish", IamResources = [props.Alerts.TopicArn],
            Parameters = Fields(
                ("TopicArn", props.Alerts.TopicArn),
                ("Subject", $"ML study lab {props.ExpiryStack}: the lab deleted itself"),
                ("Message", JsonPath.Format($"The ML study lab's expiry deleted its stacks ({{}}); the expiry stack goes last.{kept} Deletion run: {{}}.",
                    JsonPath.JsonToString(JsonPath.ListAt("$.lab.stacks")), JsonPath.ExecutionName))),
            ResultPath = JsonPath.DISCARD,
        });
        publish.AddCatch(then, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.alert_error" });
        return publish.Next(then);
    }

    /// <summary>The last deletion, not waited for: it deletes the stack this workflow runs in. The run's output is the report.</summary>
    private Chain DeleteTheExpiryStack()
    {
        var deleteSelf = CloudFormationCall("Delete the expiry stack", new ServiceCall
        {
            Service = "cloudformation", Action = "deleteStack", IamAction = "cloudformation:DeleteStack", IamResources = labStackArns,
            Parameters = Fields(("StackName", props.ExpiryStack)),
            ResultPath = JsonPath.DISCARD,
        });
        return Chain.Start(deleteSelf).Next(new Succeed(this, "Lab deleted", new SucceedProps { OutputPath = "$.report" }));
    }

    /// <summary>
    /// A deletion failed: the failure report, written to the kept lake, then the clock restarts (and tells the learner),
    /// then the run fails with the error.
    /// </summary>
    private Chain FailureReport()
    {
        var report = new Pass(this, "Failure report", new PassProps
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
        return Chain.Start(report).Next(WriteReport("Write failure report",
            then: RestartTheClock(then: new Fail(this, "Lab not deleted", new FailProps { ErrorPath = "$.report.error", CausePath = "$.report.cause" }))));
    }

    /// <summary>
    /// Starts the clock with a synthetic DELETE_FAILED event of the stack whose event started this run, the error and
    /// cause as its reason: the clock emails the learner and waits expireAfterHours again, as after CloudFormation's own
    /// DELETE_FAILED (a refusal or a time-out sends none). A start that fails goes on to <paramref name="then"/> too.
    /// </summary>
    private Chain RestartTheClock(IChainable then)
    {
        var restart = Call(this, "Restart the clock", new ServiceCall
        {
            Service = "sfn", Action = "startExecution", IamAction = "states:StartExecution", IamResources = [clockArn],
            Parameters = Fields(
                ("StateMachineArn", clockArn),
                ("Input", JsonPath.JsonToString(JsonPath.StringAt("$.restart")))),
            ResultPath = JsonPath.DISCARD,
        });
        restart.AddCatch(then, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.restart_error" });
        var failedEvent = new Pass(this, "Deletion failed event", new PassProps
        {
            Parameters = Fields(
                ("detail-type", "CloudFormation Stack Status Change"),
                ("source", "labstack.lab-deletion"),
                ("time", JsonPath.StateEnteredTime),
                ("detail", Fields(
                    ("stack-id", JsonPath.StringAt("$.trigger.stack")),
                    ("status-details", Fields(
                        ("status", ExpiryClock.DeleteFailed),
                        ("status-reason", JsonPath.Format("{}: {}", JsonPath.StringAt("$.report.error"), JsonPath.StringAt("$.report.cause")))))))),
            ResultPath = "$.restart",
        });
        return Chain.Start(failedEvent).Next(restart).Next(then);
    }

    /// <summary>
    /// With the lake kept and its bucket found, writes <c>$.report</c> there, then <paramref name="then"/>; a write that
    /// fails goes on to <paramref name="then"/> too (the error at <c>$.report_error</c>). Without the lake, only <paramref name="then"/>.
    /// </summary>
    private IChainable WriteReport(string name, IChainable then)
    {
        if (props.Report is null)
        {
            return then;
        }
        var write = Call(this, name, new ServiceCall
        {
            Service = "s3", Action = "putObject", IamAction = "s3:PutObject",
            // The kept bucket's name is generated by CloudFormation from the stack's name and the bucket's logical id.
            IamResources = [$"arn:{Aws.PARTITION}:s3:::{props.Report.BucketNamePattern()}/{ReportPrefix}*"],
            Parameters = Fields(
                ("Bucket", JsonPath.StringAt("$.lake.bucket")),
                ("Key", JsonPath.Format(ReportPrefix + "{}.json", JsonPath.ExecutionName)),
                ("ContentType", "application/json"),
                ("Body", JsonPath.JsonToString(JsonPath.StringAt("$.report")))),
            ResultPath = JsonPath.DISCARD,
        });
        write.AddCatch(then, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.report_error" });
        write.Next(then);
        return new Choice(this, name + "?").When(Condition.IsPresent("$.lake.bucket"), write).Otherwise(then);
    }

    /// <summary>A DescribeStacks call on the stack name or id at <paramref name="stackPath"/>.</summary>
    private ServiceCall Describe(string stackPath) => new()
    {
        Service = "cloudformation", Action = "describeStacks", IamAction = "cloudformation:DescribeStacks", IamResources = labStackArns,
        Parameters = Fields(("StackName", JsonPath.StringAt(stackPath))),
    };

    /// <summary>The ARN of every stack named <paramref name="name"/> in this account and region.</summary>
    private string StackArn(string name) =>
        Stack.Of(this).FormatArn(new ArnComponents { Service = "cloudformation", Resource = "stack", ResourceName = name + "/*" });
}
