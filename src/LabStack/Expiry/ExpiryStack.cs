using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Constructs;
using LabStack.DataLake;
using LabStack.Guardrails;

namespace LabStack.Expiry;

/// <summary>Props for <see cref="ExpiryStack"/>: the module's, and whether the lake is kept.</summary>
public sealed class ExpiryStackProps : ModuleStackProps<ExpirySettings>
{
    /// <summary>Whether the lake is kept on delete (then the deletion writes a report into it).</summary>
    public required bool RetainData { get; init; }
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

    public ExpiryStack(Construct scope, string id, ExpiryStackProps props) : base(scope, id, props)
    {
        var hours = props.Settings.ExpireAfterHours;
        // Every other module of the registry, selected or not (deleted in reverse deployment order), so this template
        // never depends on the selection; a stack that is not deployed is skipped.
        var moduleStacks = LabModules.All.Where(m => m != LabModules.Expiry).Select(m => m.StackName(props.LabName)).ToList();
        var dataLake = LabModules.DataLake.StackName(props.LabName);

        LogGroup = WorkflowLogs.Create(this, "Logs", $"{props.LabName}-expiry", RetentionDays.ONE_MONTH);
        Deletion = new LabDeletion(this, "Deletion", new LabDeletionProps
        {
            StacksInOrder = Enumerable.Reverse(moduleStacks).ToList(),
            ExpiryStack = StackName,
            Report = props.RetainData ? new DeletionReportTarget(dataLake, LakeStorage.LakeBucketLogicalId) : null,
            LogGroup = LogGroup,
        });
        Clock = new ExpiryClock(this, "Clock", new ExpiryClockProps
        {
            StateMachineName = $"{props.LabName}-expiry-clock",
            LabStacks = [.. moduleStacks, StackName],
            DataLakeStack = dataLake,
            ExpireAfterHours = hours,
            Deletion = Deletion.StateMachine,
            LogGroup = LogGroup,
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
            : $"The lab deletes itself {hours} h after the last deploy of any lab stack; deploy again to extend; -c expireAfterHours=0 to keep it");
        Output("ExpiryClock", $"aws stepfunctions list-executions --state-machine-arn {clock} --status-filter RUNNING",
            "The running clock: its startDate plus ExpireAfterHours is when the lab deletes itself");
        Output("CancelExpiry",
            $"aws stepfunctions list-executions --state-machine-arn {clock} --status-filter RUNNING --query 'executions[].executionArn' --output text" +
            " | xargs -n1 aws stepfunctions stop-execution --execution-arn",
            "Stop the clock until the next deploy");
        Output("LabDeletions", $"aws stepfunctions list-executions --state-machine-arn {Deletion.StateMachine.StateMachineArn}",
            "Past and running deletions of the lab, with their status");
    }
}
