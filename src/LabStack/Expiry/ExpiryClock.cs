using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.Facts;
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
}

/// <summary>
/// The lab's expiry clock: a Standard workflow started by CloudFormation's "Stack Status Change" events of the lab's
/// stacks. A deploy (CREATE_COMPLETE, UPDATE_COMPLETE) or the deletion of one module stack (DELETE_COMPLETE) restarts
/// it: the run stops every older clock, waits, checks it is still the newest, and starts <see cref="ExpiryClockProps.Deletion"/>.
/// A deletion starting (DELETE_IN_PROGRESS) stops every older clock and ends: a clock waiting in its state machine
/// would hold up <c>cdk destroy</c>, since Step Functions deletes a state machine only once its executions move on.
/// </summary>
public sealed class ExpiryClock : Construct
{
    /// <summary>Stack statuses that restart the clock.</summary>
    public static IReadOnlyList<string> RestartOn { get; } = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE"];

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

        // Read the event, then restart the clock, stop it, or leave it as it is.
        var definition = Chain.Start(ReadTheEvent()).Next(DeployOrDeletion());

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

    /// <summary>The event's stack, status and time, kept as <c>$.trigger</c> (the deletion's input).</summary>
    private Pass ReadTheEvent() => new(this, "Read the event", new PassProps
    {
        Parameters = Fields(
            ("stack", JsonPath.StringAt("$.detail.stack-id")),
            ("status", JsonPath.StringAt("$.detail.status-details.status")),
            ("time", JsonPath.StringAt("$.time")),
            ("expire_after_hours", props.ExpireAfterHours)),
        ResultPath = "$.trigger",
    });

    /// <summary>
    /// A deletion starting stops the clocks; a deploy or a module stack's deletion restarts the clock (with expiry off, it
    /// only stops them); the deletion of the lake's stack ends the lab.
    /// </summary>
    private Choice DeployOrDeletion()
    {
        var stopClocks = StopClocks();
        var deploy = Condition.Or(RestartOn.Select(s => Condition.StringEquals("$.trigger.status", s)).ToArray());
        // Once the lake's stack (or this one) is gone the lab is over: nothing restarts.
        var lakeGone = Condition.Or(
            Condition.StringMatches("$.trigger.stack", $"*:stack/{props.DataLakeStack}/*"),
            Condition.StringMatches("$.trigger.stack", $"*:stack/{Stack.Of(this).StackName}/*"));
        return new Choice(this, "Deploy or deletion?")
            .When(Condition.StringEquals("$.trigger.status", StopOn), stopClocks)
            .When(Condition.And(Condition.StringEquals("$.trigger.status", "DELETE_COMPLETE"), lakeGone), new Succeed(this, "Lab gone"))
            .When(deploy, props.ExpireAfterHours > 0 ? RestartClock() : stopClocks)
            .Otherwise(new Succeed(this, "Not a clock event"));
    }

    /// <summary>Stops every older clock and ends: a clock left waiting would hold up the deletion of this stack.</summary>
    private Chain StopClocks() => StopOlderClocks("stop").Next(new Succeed(this, "Clocks stopped"));

    /// <summary>
    /// Stops every older clock, waits <see cref="ExpiryClockProps.ExpireAfterHours"/>, then deletes the lab unless a newer
    /// clock started meanwhile.
    /// </summary>
    private Chain RestartClock() => StopOlderClocks("restart")
        .Next(new Wait(this, "Wait for expiry", new WaitProps { Time = WaitTime.Duration(Duration.Hours(Math.Max(1, props.ExpireAfterHours))) }))
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
    /// tells the two copies of these states apart (state names are unique in a state machine).
    /// </summary>
    private Chain StopOlderClocks(string label)
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
        return Chain.Start(list).Next(each.ItemProcessor(StopIfOlder(label)));
    }

    /// <summary>One running clock: stopped if it started before this one (it may have ended meanwhile), left alone otherwise.</summary>
    private Choice StopIfOlder(string label)
    {
        var stop = Call(this, $"Stop clock ({label})", new ServiceCall
        {
            Service = "sfn", Action = "stopExecution", IamAction = "states:StopExecution", IamResources = [selfExecutions],
            Parameters = Fields(("ExecutionArn", JsonPath.StringAt("$.arn")), ("Cause", "A newer deploy or a deletion restarted the lab's expiry clock.")),
            ResultPath = JsonPath.DISCARD,
        });
        stop.AddCatch(new Pass(this, $"Already over ({label})"),
            new CatchProps { Errors = ["Sfn.ExecutionDoesNotExistException"], ResultPath = JsonPath.DISCARD });
        var older = Condition.And(
            Condition.Not(Condition.StringEqualsJsonPath("$.arn", "$.me")),
            Condition.TimestampLessThanJsonPath("$.started", "$.my_start"));
        return new Choice(this, $"Older than this clock? ({label})").When(older, stop).Otherwise(new Pass(this, $"Leave it ({label})"));
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
