using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;

namespace LabStack.Flink;

/// <summary>Props for <see cref="NotebookSession"/>.</summary>
public sealed record NotebookSessionProps
{
    /// <summary>The lab's name: the workflow's log group starts with it.</summary>
    public required string LabName { get; init; }

    /// <summary>The notebook.</summary>
    public required StudioNotebook Notebook { get; init; }

    /// <summary>Minutes the session runs before the workflow stops the notebook.</summary>
    public required int SessionMinutes { get; init; }
}

/// <summary>
/// The notebook's session: a Standard workflow the learner starts (the <c>StartNotebook</c> output) that starts the
/// notebook, checks every <see cref="CheckMinutes"/> minutes whether it still runs, and stops it once it has run the
/// session's minutes. Nothing triggers it and nothing is scheduled: a forgotten lab runs no execution, so the mechanism
/// itself costs nothing idle. A wait bills no state transition; the short checks keep the next transition near, because
/// Step Functions deletes a state machine only once its executions move on
/// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachine.html), and a learner who stops
/// the notebook by hand ends the session at the next check.
/// </summary>
public sealed class NotebookSession : Construct
{
    /// <summary>Minutes between two checks of the notebook's status.</summary>
    public const int CheckMinutes = 5;

    /// <summary>
    /// The statuses that end a session: stopped (READY), being stopped, or being deleted
    /// (https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ApplicationSummary.html lists them all).
    /// </summary>
    public static IReadOnlyList<string> Over { get; } = ["READY", "STOPPING", "FORCE_STOPPING", "DELETING"];

    /// <summary>The workflow.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Its execution log group (deleted with the stack).</summary>
    public LogGroup LogGroup { get; }

    private readonly NotebookSessionProps props;

    public NotebookSession(Construct scope, string id, NotebookSessionProps props) : base(scope, id)
    {
        this.props = props;
        var checks = (props.SessionMinutes + CheckMinutes - 1) / CheckMinutes;

        // Wait, count the check, look at the notebook: over once it is stopped or stopping (by hand, or deleted), stopped when it
        // runs past the session's checks; still starting, updating or in maintenance, it is checked again.
        var wait = new Wait(this, "Wait between checks", new WaitProps { Time = WaitTime.Duration(Duration.Minutes(CheckMinutes)) });
        var check = Status("Notebook status (check)");
        var stop = Call(this, "Stop the notebook", Kda("stopApplication", "StopApplication", Fields(("ApplicationName", Name)), resultPath: JsonPath.DISCARD));
        var ended = new Succeed(this, "Session over");
        wait.Next(new Pass(this, "Count the check", new PassProps
        {
            Parameters = Fields(("checks", JsonPath.MathAdd(JsonPath.NumberAt("$.session.checks"), 1))),
            ResultPath = "$.session",
        })).Next(check).Next(new Choice(this, "Still running?")
            .When(Condition.Or([.. Over.Select(status => Condition.StringEquals("$.notebook.status", status))]), ended)
            .When(Condition.And(Condition.StringEquals("$.notebook.status", "RUNNING"), Condition.NumberGreaterThanEquals("$.session.checks", checks)),
                stop.Next(ended))
            .Otherwise(wait));

        var start = Call(this, "Start the notebook", Kda("startApplication", "StartApplication", Fields(("ApplicationName", Name)), resultPath: JsonPath.DISCARD));
        start.Next(wait);
        var definition = new Pass(this, "New session", new PassProps { Parameters = Fields(("checks", 0)), ResultPath = "$.session" })
            .Next(Status("Notebook status"))
            .Next(new Choice(this, "Ready to start?")
                .When(Condition.StringEquals("$.notebook.status", "READY"), start)
                .When(Condition.StringEquals("$.notebook.status", "RUNNING"), wait)
                .Otherwise(new Fail(this, "Not startable", new FailProps
                {
                    Error = "NotebookNotReady", Cause = "The notebook is neither READY nor RUNNING (starting, stopping or updating): try again in a few minutes",
                })));

        LogGroup = WorkflowLogs.Create(this, "Logs", $"{props.LabName}-flink-session", RetentionDays.ONE_WEEK);
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            Logs = new LogOptions { Destination = LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            TracingEnabled = true,
            Comment = $"ML study lab: starts the Flink Studio notebook and stops it after {props.SessionMinutes} minutes",
        });
        Nag.Suppress(StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "The workflow calls only the notebook's application ARN; X-Ray and log delivery have no resource to name.", Nag.AnyResource));
    }

    private string Name => props.Notebook.Application.Ref;

    private CallAwsService Status(string name) => Call(this, name, Kda("describeApplication", "DescribeApplication", Fields(("ApplicationName", Name)),
        resultSelector: Fields(("status", JsonPath.StringAt("$.ApplicationDetail.ApplicationStatus"))), resultPath: "$.notebook"));

    private ServiceCall Kda(string action, string iamAction, IDictionary<string, object> parameters,
        IDictionary<string, object>? resultSelector = null, string? resultPath = null) => new()
    {
        Service = "kinesisanalyticsv2",
        Action = action,
        IamAction = $"kinesisanalytics:{iamAction}",
        IamResources = [props.Notebook.ApplicationArn],
        Parameters = parameters,
        ResultSelector = resultSelector,
        ResultPath = resultPath,
    };
}
