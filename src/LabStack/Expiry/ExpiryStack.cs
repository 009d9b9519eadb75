using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;

namespace LabStack.Expiry;

/// <summary>Props for <see cref="ExpiryStack"/>: the module's, and whether the lake is kept.</summary>
public sealed class ExpiryStackProps : ModuleStackProps<ExpirySettings>
{
    /// <summary>Whether the lake is kept on delete (then the deletion writes a report into it).</summary>
    public required bool RetainData { get; init; }

    /// <summary>Who is emailed when a deletion fails or the lab deleted itself (the <c>alertEmail</c> setting); empty for nobody.</summary>
    public required string AlertEmail { get; init; }
}

/// <summary>
/// The <c>expiry</c> module: a forgotten lab deletes itself. <see cref="ExpiryClock"/> restarts on every deploy of a lab
/// stack and, after <see cref="ExpirySettings.ExpireAfterHours"/> without one, starts <see cref="LabDeletion"/>, which
/// deletes the module stacks (dependents first, the lake last, honouring <c>retainData</c>) and then this stack. Every
/// module needs it through the lake, so it is deployed first and destroyed last. It shares no value with the others:
/// it must outlive the stacks it deletes.
/// </summary>
public sealed class ExpiryStack : LabModuleStack
{
    public ExpiryClock Clock { get; }

    /// <summary>The deletion workflow.</summary>
    public LabDeletion Deletion { get; }

    /// <summary>Both workflows' execution history (deleted with the stack).</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>The topic that emails <see cref="ExpiryStackProps.AlertEmail"/>; null without one.</summary>
    public Topic? Alerts { get; }

    public ExpiryStack(Construct scope, string id, ExpiryStackProps props) : base(scope, id, props)
    {
        var hours = props.Settings.ExpireAfterHours;
        // Every other module of the registry, selected or not (deleted in reverse deployment order), so this template
        // never depends on the selection; a stack that is not deployed is skipped.
        var moduleStacks = LabModules.All.Where(m => m != LabModules.Expiry).Select(m => m.StackName(props.LabName)).ToList();
        var dataLake = LabModules.DataLake.StackName(props.LabName);

        var clockName = $"{props.LabName}-expiry-clock";
        LogGroup = WorkflowLogs.Create(this, "Logs", $"{props.LabName}-expiry", RetentionDays.ONE_MONTH);
        Alerts = string.IsNullOrEmpty(props.AlertEmail) ? null : AlertTopic(props.AlertEmail);
        Deletion = new LabDeletion(this, "Deletion", new LabDeletionProps
        {
            StacksInOrder = Enumerable.Reverse(moduleStacks).ToList(),
            ExpiryStack = StackName,
            Report = props.RetainData ? new DeletionReportTarget(dataLake, LakeStorage.LakeBucketLogicalId) : null,
            LogGroup = LogGroup,
            ClockName = clockName,
            Alerts = Alerts,
        });
        Clock = new ExpiryClock(this, "Clock", new ExpiryClockProps
        {
            StateMachineName = clockName,
            LabStacks = [.. moduleStacks, StackName],
            DataLakeStack = dataLake,
            ExpireAfterHours = hours,
            Deletion = Deletion.StateMachine,
            LogGroup = LogGroup,
            Alerts = Alerts,
        });
        Nag.Suppress(Clock.StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "The clock stops only its own executions (execution ARNs end in a generated name); X-Ray and log delivery have no resource to name.",
            Nag.AnyResource, "/^Resource::arn:.*:states:.*:execution:.*-expiry-clock:\\*$/"));
        Nag.Suppress(Deletion.StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "A stack ARN ends in the id CloudFormation generates, so each of this lab's stacks is named with a trailing wildcard; " +
            "the kept lake's bucket name is generated from its stack's name. X-Ray and log delivery have no resource to name.",
            [Nag.AnyResource, "/^Resource::arn:.*:cloudformation:.*:stack\\/.*\\/\\*$/", .. props.RetainData ? new[] { "/^Resource::arn:.*:s3:::.*\\/curated\\/lab-expiry\\/\\*$/" } : []]));

        var clock = Clock.StateMachine.StateMachineArn;
        Output("ExpireAfterHours", hours.ToString(System.Globalization.CultureInfo.InvariantCulture), hours == 0
            ? "Expiry is off: the lab stays until you destroy it"
            : $"The lab deletes itself {hours} h after the last deploy of any lab stack; lab extend [--hours N] restarts the clock " +
              "(a deploy with no changes does not); -c expireAfterHours=0 to keep it");
        // What lab extend reads: the clock, and this stack's id for the synthetic event.
        Output("ClockArn", clock, "The expiry clock's state machine (lab extend starts it)");
        Output("StackId", Aws.STACK_ID, "This stack's id (lab extend names it in the event it sends the clock)");
        Output("ExtendExpiry", ExtendCommand(clock, hours),
            "Without the lab command: restarts the clock for ExpireAfterHours (change expire_after_hours, 1 to 720, for another wait)");
        Output("ExpiryClock", $"aws stepfunctions list-executions --state-machine-arn {clock} --status-filter RUNNING",
            "The running clock: its startDate plus ExpireAfterHours is when the lab deletes itself");
        Output("CancelExpiry",
            $"aws stepfunctions list-executions --state-machine-arn {clock} --status-filter RUNNING --query 'executions[].executionArn' --output text" +
            " | xargs -n1 aws stepfunctions stop-execution --execution-arn",
            "Stop the clock until the next deploy or lab extend");
        Output("LabDeletions", $"aws stepfunctions list-executions --state-machine-arn {Deletion.StateMachine.StateMachineArn}",
            "Past and running deletions of the lab, with their status");
    }

    /// <summary>
    /// The AWS CLI line that does what <c>lab extend</c> does: starts the clock with a synthetic UPDATE_COMPLETE event of this
    /// stack (the shape of CloudFormation's "Stack Status Change" event the clock reads), stamped with the current time.
    /// </summary>
    public static string ExtendCommand(string clockArn, int hours) =>
        $"aws stepfunctions start-execution --state-machine-arn {clockArn} --input " +
        "'{\"detail-type\":\"CloudFormation Stack Status Change\",\"source\":\"labstack.lab-extend\",\"time\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\"," +
        $"\"detail\":{{\"stack-id\":\"{Aws.STACK_ID}\",\"status-details\":{{\"status\":\"UPDATE_COMPLETE\"}}}},\"expire_after_hours\":{hours}}}'";

    /// <summary>
    /// The topic that emails <paramref name="email"/> (after the learner confirms the subscription). SNS charges per
    /// publish and email, nothing idle. Its policy refuses publishing without TLS (cdk-nag AwsSolutions-SNS3; this CDK's
    /// enforceSSL prop writes no policy, so the statement is explicit). No customer managed KMS key: the messages hold only
    /// stack names and CloudFormation's reasons, and a key would bill $1 a month idle (cdk-nag 2.36's AwsSolutions pack has
    /// no rule on it, SNS2 being gone, so there is nothing to suppress).
    /// </summary>
    private Topic AlertTopic(string email)
    {
        var topic = new Topic(this, "Alerts", new TopicProps { DisplayName = "ML study lab" });
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowPublishThroughSSLOnly",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
        }));
        topic.AddSubscription(new EmailSubscription(email));
        return topic;
    }
}
