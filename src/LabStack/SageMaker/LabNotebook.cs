using Amazon.CDK.AWS.S3.Assets;
using Amazon.CDK.AWS.Sagemaker;
using static LabStack.Iam;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="LabNotebook"/>.</summary>
public sealed record LabNotebookProps
{
    /// <summary>The lake: the notebooks read raw/ and curated/ and write curated/.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>Instance type (ml.t3.medium by default).</summary>
    public required string InstanceType { get; init; }

    /// <summary>Minutes without Jupyter activity before the instance stops itself.</summary>
    public required int IdleMinutes { get; init; }

    /// <summary>Give notebook users root.</summary>
    public required bool RootAccess { get; init; }

    /// <summary>The start of every name the notebooks give what they create in SageMaker (see <see cref="NotebookJobs"/>).</summary>
    public required string NamePrefix { get; init; }

    /// <summary>Values the notebooks read from lab_config.json (bucket, region, endpoint...); the name prefix is added.</summary>
    public required IReadOnlyDictionary<string, string> LabConfig { get; init; }
}

/// <summary>
/// A SageMaker notebook instance with the lab's notebooks and idle auto-stop. Its on-start lifecycle script
/// (assets/sagemaker/on-start.sh) copies the notebooks from an S3 asset and installs a systemd timer running
/// assets/sagemaker/autostop.py, which stops the instance after <see cref="LabNotebookProps.IdleMinutes"/> idle
/// minutes, after deleting the endpoints the notebooks left running. The role reads the lake, writes curated/ (so what
/// the notebooks' jobs write is deleted with the lake, not left in a SageMaker default bucket), and may start what
/// <see cref="NotebookJobs"/> allows.
/// </summary>
public sealed class LabNotebook : Construct
{
    /// <summary>
    /// The notebook platform: Amazon Linux 2023, JupyterLab 4, conda_python3 on Python 3.10. AL2 instances can be neither
    /// created nor restarted since 2026-07-01 (https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-al2.html; facts table).
    /// </summary>
    public const string Platform = "notebook-al2023-v1";

    /// <summary>Largest base64-encoded lifecycle script SageMaker accepts.</summary>
    public const int LifecycleScriptLimit = 16384;

    /// <summary>The notebook instance.</summary>
    public CfnNotebookInstance Instance { get; }

    /// <summary>The on-start script, as synthesized (tokens unresolved), before base64 encoding.</summary>
    public string OnStartScript { get; }

    /// <summary>The notebook's role (also the role of the jobs, models and endpoints it creates).</summary>
    public IRole Role { get; }

    /// <summary>What the notebooks may create in SageMaker.</summary>
    public NotebookJobs Jobs { get; }

    /// <summary>Deletes what the notebooks left when the stack is deleted.</summary>
    public NotebookLeftovers Leftovers { get; }

    public LabNotebook(Construct scope, string id, LabNotebookProps props) : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Iam.Trusting(ServiceFacts.Trust.SageMakerNotebook),
            Description = "SageMaker notebook of the ML study lab: reads the lake, trains into curated/",
        });
        var notebooks = new Asset(this, "Notebooks", new AssetProps { Path = LabPaths.Asset("sagemaker", "notebooks") });
        Jobs = new NotebookJobs(this, "Jobs", new NotebookJobsProps { Role = Role, NamePrefix = props.NamePrefix });

        var access = Grant(this, "LakeAndServices", Role,
            "Notebooks read and write objects by generated names under the lake's raw/ and curated/ prefixes and log under /aws/sagemaker; " +
            "the clean-up cell deletes the log groups of endpoints named by the notebooks' prefix; ECR auth, Comprehend, Translate, Rekognition's DetectLabels and listing log groups have no resource.",
            Allow(["s3:GetObject"], props.Lake.ArnForObjects(LakeLayout.Raw + "*"), props.Lake.ArnForObjects(LakeLayout.Curated + "*")),
            Allow(["s3:PutObject"], props.Lake.ArnForObjects(LakeLayout.Curated + "*")),
            Allow(["s3:ListBucket", "s3:GetBucketLocation"], props.Lake.BucketArn),
            Allow(["s3:GetObject"], notebooks.Bucket.ArnForObjects(notebooks.S3ObjectKey)),
            PassRoleTo(Role, "sagemaker.amazonaws.com"),
            // Notebook 03 compares the endpoint with Comprehend the way the AI pipeline calls it (detect, translate, analyze);
            // 09 compares BlazingText with Comprehend's sentiment, 08 a CNN with Rekognition's labels on the pipeline's images.
            Allow(["ecr:GetAuthorizationToken", "comprehend:DetectSentiment", "comprehend:DetectDominantLanguage", "translate:TranslateText",
                "rekognition:DetectLabels"], "*"),
            Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
                LogGroupArn(this, "/aws/sagemaker/*")),
            // The clean-up cell deletes the log groups of the endpoints the notebooks created (SageMaker leaves them).
            Allow(["logs:DescribeLogGroups"], "*"),
            Allow(["logs:DeleteLogGroup"], LogGroupArn(this, $"/aws/sagemaker/Endpoints/{props.NamePrefix}-*")));

        OnStartScript = OnStart(notebooks.S3ObjectUrl, props.IdleMinutes, props.NamePrefix,
            new Dictionary<string, string>(props.LabConfig) { ["name_prefix"] = props.NamePrefix });
        var lifecycle = new CfnNotebookInstanceLifecycleConfig(this, "Lifecycle", new CfnNotebookInstanceLifecycleConfigProps
        {
            OnStart = new object[] { new CfnNotebookInstanceLifecycleConfig.NotebookInstanceLifecycleHookProperty { Content = Fn.Base64(OnStartScript) } },
        });

        Instance = new CfnNotebookInstance(this, "Instance", new CfnNotebookInstanceProps
        {
            InstanceType = props.InstanceType,
            RoleArn = Role.RoleArn,
            LifecycleConfigName = lifecycle.AttrNotebookInstanceLifecycleConfigName,
            RootAccess = props.RootAccess ? "Enabled" : "Disabled",
            DirectInternetAccess = "Enabled", // auto-stop calls the SageMaker API; there is no VPC or NAT to pay for
            VolumeSizeInGb = 5,
            PlatformIdentifier = Platform,
            Tags = [new CfnTag { Key = "auto-stop-idle-minutes", Value = props.IdleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
        });
        Instance.Node.AddDependency(access); // the on-start script reads the asset as the instance starts
        Leftovers = new NotebookLeftovers(this, "Leftovers", new NotebookLeftoversProps { NamePrefix = props.NamePrefix });
        Instance.Node.AddDependency(Leftovers.Resource); // deleted after the instance: nothing new can appear

        // Separate, because it names the instance, which exists only after the first start.
        new Policy(this, "StopWhenIdle", new PolicyProps
        {
            Roles = [Role],
            Statements = [Allow(["sagemaker:DescribeNotebookInstance", "sagemaker:StopNotebookInstance"], Instance.Ref)],
        });
        Nag.Suppress(Instance,
            new NagSuppression("AwsSolutions-SM1", "No VPC on purpose: a private subnet would need a NAT gateway, which bills around the clock."),
            new NagSuppression("AwsSolutions-SM2", "The volume is encrypted with the AWS managed key; a customer key would bill $1 a month idle."),
            new NagSuppression("AwsSolutions-SM3", "Direct internet access lets the auto-stop job reach the SageMaker API without a NAT gateway."));
    }

    private static string OnStart(string notebooksUrl, int idleMinutes, string namePrefix, IReadOnlyDictionary<string, string> config)
    {
        var configJson = "{\n" + string.Join(",\n", config.Select(c => $"  \"{c.Key}\": \"{c.Value}\"")) + "\n}";
        return File.ReadAllText(LabPaths.Asset("sagemaker", "on-start.sh")).ReplaceLineEndings("\n")
            .Replace("__NOTEBOOKS_ZIP__", notebooksUrl)
            .Replace("__LAB_CONFIG__", configJson)
            .Replace("__AUTOSTOP_PY__", File.ReadAllText(LabPaths.Asset("sagemaker", "autostop.py")).ReplaceLineEndings("\n").TrimEnd('\n'))
            .Replace("__REQUIREMENTS__", string.Join("\n", File.ReadAllLines(LabPaths.Asset("sagemaker", "requirements.txt")).Where(l => !l.StartsWith('#'))))
            .Replace("__NAME_PREFIX__", namePrefix)
            .Replace("__IDLE_SECONDS__", (idleMinutes * 60).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
