using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.StepFunctions;
using static LabStack.ServiceCalls;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;

namespace LabStack.Expiry;

/// <summary>Props for <see cref="ExpiryClock"/>.</summary>
public sealed record ExpiryClockProps
{
    /// <summary>The state machine's name: the role names its own executions, so the name cannot be generated.</summary>
    public required string StateMachineName { get; init; }

    /// <summary>The lab's stack names: their status changes drive the clock.</summary>
    public required IReadOnlyList<string> LabStacks { get; init; }

    /// <summary>The stack that holds the lake (its deletion ends the lab: no restart after it).</summary>
    public required string DataLakeStack { get; init; }

    /// <summary>Hours the lab may sit without a deploy; 0: every event only stops running clocks.</summary>
    public required int ExpireAfterHours { get; init; }

    /// <summary>The workflow that deletes the lab.</summary>
    public required IStateMachine Deletion { get; init; }

    /// <summary>Where both workflows log.</summary>
    public required ILogGroup LogGroup { get; init; }

    /// <summary>The topic that emails the learner (<c>alertEmail</c>) when a stack's deletion fails; null: nobody is told.</summary>
    public ITopic? Alerts { get; init; }
}

/// <summary>
/// The lab's expiry clock: a Standard workflow started by CloudFormation's "Stack Status Change" events of the lab's
/// stacks. A deploy (CREATE_COMPLETE, UPDATE_COMPLETE) or the deletion of one module stack (DELETE_COMPLETE) restarts
/// it: the run stops every older clock, waits, checks it is still the newest, and starts <see cref="ExpiryClockProps.Deletion"/>.
/// A deletion starting (DELETE_IN_PROGRESS) stops every older clock and ends: a clock waiting in its state machine
/// would hold up <c>cdk destroy</c>, since Step Functions deletes a state machine only once its executions move on.
/// A deletion that failed (DELETE_FAILED, from CloudFormation or from <see cref="LabDeletion"/>) tells the learner and
/// restarts it, so a lab is never left without a clock; the lake's deletion stops every other clock and ends.
/// <c>lab extend</c> starts it too, with a synthetic UPDATE_COMPLETE event whose <c>expire_after_hours</c> sets the wait.
/// </summary>
public sealed class ExpiryClock : Construct
{
    /// <summary>Stack statuses that restart the clock.</summary>
    public static IReadOnlyList<string> RestartOn { get; } = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", DeleteFailed];

    /// <summary>The stack status of a failed deletion: the learner is told, then the clock restarts.</summary>
    public const string DeleteFailed = "DELETE_FAILED";

    /// <summary>The most hours an input's <c>expire_after_hours</c> may ask for (as the expireAfterHours setting).</summary>
    public const int MaxHours = 720;

    /// <summary>The stack status that stops the clock.</summary>
    public const string StopOn = "DELETE_IN_PROGRESS";

    /// <summary>The start of the ARN of every stack named <paramref name="stackName"/> in this account and region.</summary>
    public static string StackArnPrefix(string stackName) =>
        $"arn:{Aws.PARTITION}:cloudformation:{Aws.REGION}:{Aws.ACCOUNT_ID}:stack/{stackName}/";

    /// <summary>The clock.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>The EventBridge rule that starts it.</summary>
    public Rule Trigger { get; }

    private readonly ExpiryClockProps props;

    // This state machine, by the name it is given, and its executions: each run lists and stops the older ones.
    private readonly string self;
    private readonly string selfExecutions;

    /// <summary>
    /// The clock's workflow, started by status changes of <see cref="ExpiryClockProps.LabStacks"/>, and the rule that starts it.
    /// </summary>
    public ExpiryClock(Construct scope, string id, ExpiryClockProps props) : base(scope, id)
    {
        this.props = props;
        self = StatesArn("stateMachine", props.StateMachineName);
        selfExecutions = StatesArn("execution", props.StateMachineName + ":*");

        // How long to wait, then read the event, then restart the clock, stop it, or leave it as it is.
        var readTheEvent = ReadTheEvent();
        readTheEvent.Next(DeployOrDeletion());
        IChainable definition = props.ExpireAfterHours > 0 ? HowLong(then: readTheEvent) : readTheEvent;

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            StateMachineName = props.StateMachineName,
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            Logs = new LogOptions { Destination = props.LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            TracingEnabled = true,
            Comment = "ML study lab: restarts the expiry clock on each deploy of a lab stack",
        });
        Trigger = StackStatusChanges();
        Trigger.AddTarget(new SfnStateMachine(StateMachine, new SfnStateMachineProps
        {
            Role = Iam.ServiceRole(this, "TriggerRole", ServiceFacts.Trust.EventBridge),
        }));
    }

    /// <summary>
    /// The hours to wait, at <c>$.wait</c> (<c>hours</c>, <c>seconds</c>): the input's <c>expire_after_hours</c> when it is
    /// a whole number from 1 to <see cref="MaxHours"/> (what <c>lab extend --hours</c> sends), else the deployed setting.
    /// CloudFormation's events have no such field. JSONPath has no multiplication: the seconds are item <c>hours</c> of
    /// States.ArrayRange(0, MaxHours * 3600, 3600), 721 items (ArrayRange makes at most 1000; the same range from 1 checks the
    /// hours are whole and in range: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
    /// </summary>
    private Choice HowLong(IChainable then)
    {
        var deployed = new Pass(this, "Deployed hours", new PassProps
        {
            Parameters = Fields(("hours", props.ExpireAfterHours), ("seconds", props.ExpireAfterHours * 3600)),
            ResultPath = "$.wait",
        });
        var asked = new Pass(this, "Asked hours", new PassProps
        {
            Parameters = Fields(
                ("hours", JsonPath.NumberAt("$.expire_after_hours")),
                ("seconds", JsonPath.NumberAt($"States.ArrayGetItem(States.ArrayRange(0, {MaxHours * 3600}, 3600), $.expire_after_hours)"))),
            ResultPath = "$.wait",
        });
        var check = new Pass(this, "Check the hours", new PassProps
        {
            Parameters = Fields(("valid", JsonPath.StringAt($"States.ArrayContains(States.ArrayRange(1, {MaxHours}, 1), $.expire_after_hours)"))),
            ResultPath = "$.wait",
        });
        deployed.Next(then);
        asked.Next(then);
        check.Next(new Choice(this, "Whole hours from 1 to 720?")
            .When(Condition.BooleanEquals("$.wait.valid", true), asked)
            .Otherwise(deployed));
        return new Choice(this, "Hours asked?")
            .When(Condition.And(Condition.IsPresent("$.expire_after_hours"), Condition.IsNumeric("$.expire_after_hours")), check)
            .Otherwise(deployed);
    }

    /// <summary>The event's stack, status and time, and the hours to wait, kept as <c>$.trigger</c> (the deletion's input).</summary>
    private Pass ReadTheEvent() => new(this, "Read the event", new PassProps
    {
        Parameters = Fields(
            ("stack", JsonPath.StringAt("$.detail.stack-id")),
            ("status", JsonPath.StringAt("$.detail.status-details.status")),
            ("time", JsonPath.StringAt("$.time")),
            ("expire_after_hours", props.ExpireAfterHours > 0 ? JsonPath.NumberAt("$.wait.hours") : 0)),
        ResultPath = "$.trigger",
    });

    /// <summary>
    /// A deletion starting stops the clocks; a deploy or a module stack's deletion restarts the clock (with expiry off, it
    /// only stops them); a failed deletion tells the learner first; the deletion of the lake's stack stops every other
    /// clock and ends the lab.
    /// </summary>
    private Choice DeployOrDeletion()
    {
        var stopClocks = StopClocks();
        var restart = props.ExpireAfterHours > 0 ? RestartClock() : stopClocks;
        var deploy = Condition.Or(RestartOn.Select(s => Condition.StringEquals("$.trigger.status", s)).ToArray());
        // Once the lake's stack (or this one) is gone the lab is over: nothing restarts.
        var lakeGone = Condition.Or(
            Condition.StringMatches("$.trigger.stack", $"*:stack/{props.DataLakeStack}/*"),
            Condition.StringMatches("$.trigger.stack", $"*:stack/{Stack.Of(this).StackName}/*"));
        return new Choice(this, "Deploy or deletion?")
            .When(Condition.StringEquals("$.trigger.status", StopOn), stopClocks)
            .When(Condition.And(Condition.StringEquals("$.trigger.status", "DELETE_COMPLETE"), lakeGone),
                StopOlderClocks("lab gone", everyOther: true).Next(new Succeed(this, "Lab gone")))
            .When(Condition.StringEquals("$.trigger.status", DeleteFailed), TellDeletionFailed(then: restart))
            .When(deploy, restart)
            .Otherwise(new Succeed(this, "Not a clock event"));
    }

    /// <summary>
    /// With <see cref="ExpiryClockProps.Alerts"/>, emails the failed stack and CloudFormation's reason (the event's
    /// <c>status-reason</c>), then <paramref name="then"/>; a publish that fails goes on to <paramref name="then"/> too.
    /// </summary>
    private IChainable TellDeletionFailed(IChainable then)
    {
        if (props.Alerts is null)
        {
            return then;
        }
        var lab = Stack.Of(this).StackName;
        var next = props.ExpireAfterHours > 0
            ? "The expiry clock restarted: the lab tries to delete itself again in {} hours (lab extend to wait longer)."
            : "Expiry is off: the lab stays until you destroy it.";
        var publish = Call(this, "Tell the learner", new ServiceCall
        {
            Service = "sns", Action = "publish", IamAction = "sns:Publish", IamResources = [props.Alerts.TopicArn],
            Parameters = Fields(
                ("TopicArn", props.Alerts.TopicArn),
                ("Subject", $"ML study lab {lab}: a stack could not be deleted"),
                ("Message", props.ExpireAfterHours > 0
                    ? JsonPath.Format("CloudFormation could not delete {}. Reason: {} " + next + " Fix the cause (the stack's events say more), then npx cdk destroy --all.",
                        JsonPath.StringAt("$.trigger.stack"), JsonPath.StringAt("$.reason.text"), JsonPath.StringAt("$.trigger.expire_after_hours"))
                    : JsonPath.Format("CloudFormation could not delete {}. Reason: {} " + next,
                        JsonPath.StringAt("$.trigger.stack"), JsonPath.StringAt("$.reason.text")))),
            ResultPath = JsonPath.DISCARD,
        });
        publish.AddCatch(then, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.alert_error" });
        publish.Next(then);
        // A synthetic event may leave the reason out; a path to a missing field would fail the run.
        var reason = new Pass(this, "Reason", new PassProps
        {
            Parameters = Fields(("text", JsonPath.StringAt("$.detail.status-details.status-reason"))),
            ResultPath = "$.reason",
        });
        var noReason = new Pass(this, "No reason", new PassProps
        {
            Parameters = Fields(("text", "none given.")),
            ResultPath = "$.reason",
        });
        reason.Next(publish);
        noReason.Next(publish);
        return new Choice(this, "Has a reason?")
            .When(Condition.IsPresent("$.detail.status-details.status-reason"), reason)
            .Otherwise(noReason);
    }

    /// <summary>Stops every older clock and ends: a clock left waiting would hold up the deletion of this stack.</summary>
    private Chain StopClocks() => StopOlderClocks("stop").Next(new Succeed(this, "Clocks stopped"));

    /// <summary>
    /// Stops every older clock, waits <see cref="ExpiryClockProps.ExpireAfterHours"/>, then deletes the lab unless a newer
    /// clock started meanwhile.
    /// </summary>
    private Chain RestartClock() => StopOlderClocks("restart")
        .Next(new Wait(this, "Wait for expiry", new WaitProps { Time = WaitTime.SecondsPath("$.wait.seconds") }))
        .Next(Call(this, "Newest clock", new ServiceCall
        {
            Service = "sfn", Action = "listExecutions", IamAction = "states:ListExecutions", IamResources = [self],
            Parameters = Fields(("StateMachineArn", JsonPath.StringAt("$$.StateMachine.Id")), ("StatusFilter", "RUNNING"), ("MaxResults", 1)),
            ResultSelector = Fields(("arn", JsonPath.StringAt("$.Executions[0].ExecutionArn"))),
            ResultPath = "$.newest",
        }))
        .Next(new Choice(this, "Still the newest?")
            .When(Condition.StringEqualsJsonPath("$.newest.arn", "$$.Execution.Id"), DeleteTheLab())
            .Otherwise(new Succeed(this, "Superseded", new SucceedProps { Comment = "A newer clock runs: a deploy happened after this one started." })));

    /// <summary>Starts <see cref="ExpiryClockProps.Deletion"/> with the event that started this clock, and ends.</summary>
    private Chain DeleteTheLab()
    {
        var startDeletion = Call(this, "Delete the lab", new ServiceCall
        {
            Service = "sfn", Action = "startExecution", IamAction = "states:StartExecution", IamResources = [props.Deletion.StateMachineArn],
            Parameters = Fields(("StateMachineArn", props.Deletion.StateMachineArn), ("Input", JsonPath.JsonToString(JsonPath.StringAt("$.trigger")))),
            ResultSelector = Fields(("execution", JsonPath.StringAt("$.ExecutionArn"))),
            ResultPath = "$.deletion",
        });
        return Chain.Start(startDeletion).Next(new Succeed(this, "Expired"));
    }

    /// <summary>
    /// Both paths first stop every clock that started before this run: its wait is superseded. <paramref name="label"/>
    /// tells the copies of these states apart (state names are unique in a state machine). With <paramref name="everyOther"/>
    /// (the lab is gone) it stops every other running clock, newer ones too: events arrive out of order, and ListExecutions
    /// is eventually consistent, so a module's late DELETE_COMPLETE may have started one after the lake's.
    /// </summary>
    private Chain StopOlderClocks(string label, bool everyOther = false)
    {
        var list = Call(this, $"List clocks ({label})", new ServiceCall
        {
            Service = "sfn", Action = "listExecutions", IamAction = "states:ListExecutions", IamResources = [self],
            Parameters = Fields(("StateMachineArn", JsonPath.StringAt("$$.StateMachine.Id")), ("StatusFilter", "RUNNING")),
            ResultSelector = Fields(("executions", JsonPath.ListAt("$.Executions"))),
            ResultPath = "$.running",
        });
        var each = new SfnMap(this, $"Stop older clocks ({label})", new MapProps
        {
            ItemsPath = "$.running.executions",
            ItemSelector = Fields(
                ("arn", JsonPath.StringAt("$$.Map.Item.Value.ExecutionArn")),
                ("started", JsonPath.StringAt("$$.Map.Item.Value.StartDate")),
                ("me", JsonPath.StringAt("$$.Execution.Id")),
                ("my_start", JsonPath.StringAt("$$.Execution.StartTime"))),
            MaxConcurrency = 1,
            ResultPath = JsonPath.DISCARD,
        });
        return Chain.Start(list).Next(each.ItemProcessor(StopIfOlder(label, everyOther)));
    }

    /// <summary>
    /// One running clock: stopped if it started before this one (or, with <paramref name="everyOther"/>, if it is not this
    /// one; it may have ended meanwhile), left alone otherwise.
    /// </summary>
    private Choice StopIfOlder(string label, bool everyOther)
    {
        var stop = Call(this, $"Stop clock ({label})", new ServiceCall
        {
            Service = "sfn", Action = "stopExecution", IamAction = "states:StopExecution", IamResources = [selfExecutions],
            Parameters = Fields(("ExecutionArn", JsonPath.StringAt("$.arn")), ("Cause", "A newer deploy or a deletion restarted the lab's expiry clock.")),
            ResultPath = JsonPath.DISCARD,
        });
        stop.AddCatch(new Pass(this, $"Already over ({label})"),
            new CatchProps { Errors = ["Sfn.ExecutionDoesNotExistException"], ResultPath = JsonPath.DISCARD });
        var other = Condition.Not(Condition.StringEqualsJsonPath("$.arn", "$.me"));
        var older = everyOther ? other : Condition.And(other, Condition.TimestampLessThanJsonPath("$.started", "$.my_start"));
        return new Choice(this, everyOther ? $"Another clock? ({label})" : $"Older than this clock? ({label})").When(older, stop).Otherwise(new Pass(this, $"Leave it ({label})"));
    }

    /// <summary>An ARN of this state machine (<paramref name="resource"/>: stateMachine or execution) in this account and region.</summary>
    private string StatesArn(string resource, string resourceName) => Stack.Of(this).FormatArn(new ArnComponents
    {
        Service = "states", Resource = resource, ResourceName = resourceName, ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
    });

    /// <summary>Deploys and deletions of the lab's stacks, as CloudFormation reports them to EventBridge.</summary>
    private Rule StackStatusChanges() => new(this, "StackStatusChanges", new RuleProps
    {
        Description = "ML study lab: deploys and deletions of the lab's stacks drive the expiry clock",
        EventPattern = new EventPattern
        {
            Source = ["aws.cloudformation"],
            DetailType = ["CloudFormation Stack Status Change"],
            Detail = new Dictionary<string, object>
            {
                // Prefixes on the ARN built from this stack's partition, region and account, no wildcards: EventBridge
                // refuses a rule it judges too complex, and several wildcard patterns on one field are the usual cause
                // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html; facts: rules).
                ["stack-id"] = props.LabStacks.Select(name => (object)new Dictionary<string, object> { ["prefix"] = StackArnPrefix(name) }).ToArray(),
                ["status-details"] = new Dictionary<string, object> { ["status"] = RestartOn.Append(StopOn).ToArray() },
            },
        },
    });
}
