namespace LabStack.Facts;

/// <summary>What a pinned version is: each kind is found in the templates or assets by the tests.</summary>
public enum PinKind
{
    /// <summary><c>AWS::SageMaker::NotebookInstance.PlatformIdentifier</c>.</summary>
    NotebookPlatform,

    /// <summary><c>AWS::EMR::Cluster.ReleaseLabel</c>.</summary>
    EmrRelease,

    /// <summary><c>AWS::Glue::Job.GlueVersion</c>.</summary>
    GlueVersion,

    /// <summary><c>AWS::Athena::WorkGroup</c>'s selected engine version.</summary>
    AthenaEngine,

    /// <summary><c>AWS::Lambda::Function.Runtime</c>.</summary>
    LambdaRuntime,

    /// <summary>An AWS container image, <c>repository:tag</c>, in a SageMaker model or a notebook's image config.</summary>
    ContainerImage,

    /// <summary>The Python a file of the lab's runs on (the value is the version; <see cref="VersionFact.RunsFiles"/> names the files).</summary>
    Python,

    /// <summary>A pip requirement an asset installs.</summary>
    PipPin,

    /// <summary><c>AWS::Lex::Bot</c>'s <c>BotLocales[].LocaleId</c>.</summary>
    LexLocale,

    /// <summary><c>AWS::KinesisAnalyticsV2::Application.RuntimeEnvironment</c>.</summary>
    FlinkRuntime,

    /// <summary>A Maven artifact a Studio notebook loads (<c>CustomArtifactsConfiguration</c>), <c>group:artifact:version</c>.</summary>
    FlinkArtifact,
}

/// <summary>
/// One pinned version and what AWS says of it. <paramref name="EndOfSupport"/> is the date AWS publishes after which
/// it is no longer supported (retired, deprecated, out of patch), or null where AWS publishes none.
/// <paramref name="PastEndReason"/> and <paramref name="ReviewBy"/> are set only where the lab keeps a value past that
/// date because AWS offers nothing newer the lab can use: the summary warns about it, and a test fails after
/// <paramref name="ReviewBy"/>, so the choice is looked at again.
/// </summary>
public sealed record VersionFact(PinKind Kind, string Value, string Source, DateOnly Read, DateOnly? EndOfSupport, string Note,
    string? PastEndReason = null, DateOnly? ReviewBy = null, IReadOnlyList<string>? RunsFiles = null);

/// <summary>A rule a service imposes beyond its schema (a tag, a trust condition, a limit), with the page that says so.</summary>
public sealed record RuleFact(string Service, string Rule, string Source, DateOnly Read);

/// <summary>
/// How a service principal may be trusted for one use: the condition key its confused-deputy documentation shows for that
/// use, or none where it shows none (a condition on a key the service never sends makes the role impossible to assume).
/// </summary>
/// <param name="Principal">The service principal.</param>
/// <param name="Use">What the role is for.</param>
/// <param name="Operator">The condition operator, or null for a plain principal.</param>
/// <param name="Key">The condition key, or null.</param>
/// <param name="Value">What the key must equal; <c>{account}</c>, <c>{region}</c> and <c>{partition}</c> stand for the stack's.</param>
/// <param name="Source">The page that shows it.</param>
/// <param name="Read">When the page was read.</param>
public sealed record TrustFact(string Principal, string Use, string? Operator, string? Key, string? Value, string Source, DateOnly Read);

/// <summary>
/// The dated facts table: every platform, release, runtime, image, Python and SDK version the lab pins, and the tags,
/// trust conditions and limits services impose beyond their schemas, each with the AWS page it was read on. The tests
/// fail when a pinned value has no row, when a default is past its end of support, and when a kept exception is past its
/// review date; the synthesis summary warns within <see cref="WarnDays"/> of an end.
/// </summary>
public static class ServiceFacts
{
    /// <summary>The summary warns this many days before an end of support.</summary>
    public const int WarnDays = 90;

    private static readonly DateOnly Reviewed = new(2026, 12, 1);

    /// <summary>Every pinned version.</summary>
    public static IReadOnlyList<VersionFact> Versions { get; } =
    [
        new(PinKind.NotebookPlatform, "notebook-al2023-v1", "https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-al2023.html", Reviewed,
            new DateOnly(2029, 6, 30),
            "Amazon Linux 2023, JupyterLab 4, conda_python3 is Python 3.10. SageMaker publishes no end for the platform; the date is AL2023's " +
            "end of life (https://docs.aws.amazon.com/linux/al2023/ug/release-cadence.html). The AL2 platforms can be neither created nor " +
            "restarted since 2026-07-01 (https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-al2.html)."),
        new(PinKind.EmrRelease, "emr-7.13.0", "https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-standard-support.html", Reviewed,
            new DateOnly(2028, 4, 20),
            "Released 2026-04-21 (Spark 3.5.6-amzn-2); standard support for 24 months (the release page says 2028-04-21; the earlier date is kept)."),
        new(PinKind.GlueVersion, "5.0", "https://docs.aws.amazon.com/glue/latest/dg/glue-version-support-policy.html", Reviewed, null,
            "Spark 3.5.4, Python 3.11 (https://docs.aws.amazon.com/glue/latest/dg/release-notes.html). The policy lists end dates for 0.9-2.0 " +
            "only; support ends when a major component leaves community long-term support."),
        new(PinKind.AthenaEngine, "Athena engine version 3", "https://docs.aws.amazon.com/athena/latest/ug/engine-versions-reference-0003.html", Reviewed, null,
            "The current engine; Athena upgrades a workgroup itself when a version is retired."),
        new(PinKind.LambdaRuntime, "nodejs22.x", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html", Reviewed, new DateOnly(2027, 4, 30),
            "Deprecation 2027-04-30; creating functions blocked 2027-06-01, updating 2027-07-01."),
        new(PinKind.LambdaRuntime, "python3.13", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html", Reviewed, new DateOnly(2029, 6, 30),
            "The CDK's BucketDeployment handler; deprecation 2029-06-30."),
        new(PinKind.ContainerImage, "huggingface-pytorch-inference:2.6.0-transformers5.5.3-cpu-py312-ubuntu22.04",
            "https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-support-policy.html", Reviewed, new DateOnly(2026, 6, 30),
            "The sentiment endpoint's image. Hugging Face images follow the PyTorch rows of the Deep Learning Containers policy " +
            "(https://aws.github.io/deep-learning-containers/reference/support_policy): PyTorch 2.6 inference, end of patch 2026-06-30.",
            PastEndReason: "The newest Hugging Face inference image in the SageMaker SDK's image config (transformers 5.5.3) is built on " +
                "PyTorch 2.6, and SageMaker supports only the image of the newest Transformers release, which this is. It is still served.",
            ReviewBy: new DateOnly(2027, 3, 1)),
        new(PinKind.ContainerImage, "sagemaker-xgboost:1.7-1", "https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-support-policy.html",
            Reviewed, new DateOnly(2025, 3, 6),
            "The built-in XGBoost that notebooks 02, 05 and 06 train, tune and deploy, and every step of the MLOps pipeline runs in; end of patch 2025-03-06.",
            PastEndReason: "The notebooks' offline tests train with Debian's XGBoost 1.7 and load the model locally; a 3.x container writes " +
                "models a 1.7 library may not read. Moving to 3.x (3.2-0 is in the SDK's config) is a notebook change of its own.",
            ReviewBy: new DateOnly(2027, 3, 1)),
        .. new[] { "linear-learner", "pca", "kmeans", "knn" }.Select(repository => new VersionFact(PinKind.ContainerImage, $"{repository}:1",
            "https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-support-policy.html", Reviewed, new DateOnly(2024, 5, 15),
            "A first-party built-in algorithm notebook 04 trains; end of patch 2024-05-15.",
            PastEndReason: "AWS publishes no newer image of this built-in algorithm: it is still served and documented as one of " +
                "SageMaker's built-in algorithms, which the exam covers.",
            ReviewBy: new DateOnly(2027, 3, 1))),
        new(PinKind.ContainerImage, "pytorch-training:2.8.0-cpu-py312", "https://aws.github.io/deep-learning-containers/reference/support_policy",
            Reviewed, new DateOnly(2026, 8, 6),
            "Notebook 09's PyTorch script-mode job of notebook 07's network (framework_version 2.8.0, py312); PyTorch 2.8 end of patch 2026-08-06 (2.9 ends " +
            "2026-10-15, 2.10 on 2027-01-21). training/churn_mlp.py keeps to the API 1.13 and 2.x share, so a newer version is a one-line change.",
            PastEndReason: "The newest PyTorch training version this lab could confirm in the SageMaker SDK v2's image config from here " +
                "(no pytorch.json in shared/reference; the SDK is in maintenance mode since 2026-07-06). The image is still served; " +
                "check `sagemaker.image_uris.retrieve('pytorch', region, version='2.10', py_version='py312', instance_type='ml.m5.large', " +
                "image_scope='training')` in an account and move to 2.10 when it answers.",
            ReviewBy: new DateOnly(2027, 3, 1)),
        new(PinKind.ContainerImage, "sagemaker-scikit-learn:1.2-1-cpu-py3", "https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-support-policy.html",
            Reviewed, null,
            "Notebook 09's scikit-learn script-mode job (framework_version 1.2-1): scikit-learn 1.2, the release Debian's python3-sklearn " +
            "(1.2.1) runs in the tests. The part of the policy page read here lists no date for the scikit-learn containers; 1.4-2 is the " +
            "SDK config's newest (shared/reference/sagemaker-image-uris/sklearn.json)."),
        new(PinKind.ContainerImage, "blazingtext:1", "https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-support-policy.html",
            Reviewed, new DateOnly(2024, 5, 15),
            "The built-in BlazingText notebook 09 trains and batch-transforms; the date is the one the rows of the other first-party " +
            "algorithms carry (the same table).",
            PastEndReason: "AWS publishes no newer BlazingText image: it is still served and documented as a built-in algorithm, which " +
                "the exam covers.",
            ReviewBy: new DateOnly(2027, 3, 1)),
        new(PinKind.Python, "3.9", "https://docs.aws.amazon.com/linux/al2023/ug/python.html", Reviewed, new DateOnly(2029, 6, 30),
            "AL2023's /usr/bin/python3 stays 3.9 for the life of AL2023: the notebook's idle check runs on it.",
            RunsFiles: ["sagemaker/autostop.py"]),
        new(PinKind.Python, "3.10", "https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-al2023.html", Reviewed, null,
            "conda_python3 and conda_pytorch_p310 on notebook-al2023-v1 (AWS publishes no end for the kernels): the notebooks, their clean-up and network modules, the review generator.",
            RunsFiles: ["sagemaker/notebooks/*.ipynb", "sagemaker/notebooks/*.py", "sagemaker/notebooks/data/generate_reviews.py"]),
        new(PinKind.Python, "3.12", "https://aws.github.io/deep-learning-containers/reference/support_policy", Reviewed, null,
            "The PyTorch 2.8 training container's Python (py312, in its tag): notebook 09's PyTorch script-mode script (training/churn_mlp.py).",
            RunsFiles: ["sagemaker/notebooks/training/churn_mlp.py"]),
        new(PinKind.Python, "3.8", "https://docs.aws.amazon.com/sagemaker/latest/dg/sklearn.html", Reviewed, null,
            "The scikit-learn 1.2-1 container's Python: the SDK's config says only py3, so notebook 09's script keeps to 3.8 syntax.",
            RunsFiles: ["sagemaker/notebooks/training/churn_sklearn.py"]),
        new(PinKind.Python, "3.8", "https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html", Reviewed, null,
            "The Python of the sagemaker-xgboost:1.7-1 container (3.8.13, the PYTHON_VERSION of its Dockerfile in aws/sagemaker-xgboost-container, " +
            "docker/1.7-1/base): the MLOps pipeline's Prepare, Evaluate, Explain and CheckDrift steps run in it (no other image: its batch transform serves the same container). AWS publishes no end for a container's Python; the " +
            "image itself is past its end of patch (its row).",
            RunsFiles: ["mlops/pipeline/*.py"]),
        new(PinKind.Python, "3.11", "https://docs.aws.amazon.com/glue/latest/dg/release-notes.html", Reviewed, null,
            "Glue 5.0's Python: the Glue ETL script.", RunsFiles: ["glue/clean_customers.py"]),
        new(PinKind.Python, "3.11", "https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-whatsnew.html", Reviewed, null,
            "EMR 7.13's default Python for PySpark (3.9 stays the default for other applications): the Spark step.",
            RunsFiles: ["emr/feature_engineering.py"]),
        new(PinKind.PipPin, "sagemaker>=2.200,<3", "https://pypi.org/project/sagemaker/2.257.6/", Reviewed, new DateOnly(2027, 7, 6),
            "The SageMaker Python SDK v2 the notebooks use (v3 removed Estimator, Model and the algorithms' classes): in maintenance " +
            "mode from 2026-07-06, end of support 2027-07-06 (the SDK's own README; AWS's docs publish no date)."),
        new(PinKind.PipPin, "boto3", "https://docs.aws.amazon.com/sdkref/latest/guide/maint-policy.html", Reviewed, null,
            "Unpinned: the release the SDK v2 accepts (AWS publishes its SDKs' maintenance policy on this page)."),
        new(PinKind.PipPin, "xgboost>=1.7,<1.8", "https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html", Reviewed, null,
            "The library notebook 02 loads the model with: the release of the built-in container it trained in (sagemaker-xgboost:1.7-1, " +
            "past its end of patch, see that row). The open-source project publishes no end date for 1.7."),
        new(PinKind.LexLocale, "en_US", "https://docs.aws.amazon.com/lexv2/latest/dg/how-languages.html", Reviewed, null,
            "English (US), the lab assistant's only language; Lex V2 publishes no end of support for a locale."),
        new(PinKind.FlinkRuntime, "ZEPPELIN-FLINK-3_0", "https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ApplicationSummary.html", Reviewed, null,
            "The newest Studio notebook runtime the API lists (Apache Zeppelin 0.10 on Apache Flink 1.15; the runtimes after it, FLINK-1_18 " +
            "to FLINK-1_20, are STREAMING only). AWS publishes no end of support for a Studio runtime on the pages read today; Apache " +
            "Flink 1.15 itself is past its community support."),
        new(PinKind.FlinkArtifact, "org.apache.flink:flink-sql-connector-kinesis:1.15.4", "https://docs.aws.amazon.com/managed-flink/latest/java/how-zeppelin-connectors.html", Reviewed, null,
            "The Kinesis SQL connector of the notebook's Flink release (1.15), its last patch. The page says the console adds the Kinesis " +
            "connector to a notebook it creates, CreateApplication (so CloudFormation) does not, and that only the connector versions it " +
            "shows are supported; the copy read today shows 1.13.2 for the Flink 1.13 runtime, so 1.15.4 for 3_0 is to be confirmed in an account."),
    ];

    /// <summary>Rules beyond the schemas that the lab's templates follow.</summary>
    public static IReadOnlyList<RuleFact> Rules { get; } =
    [
        new("EMR", "AmazonEMRServicePolicy_v2 acts only on resources tagged for-use-with-amazon-emr-managed-policies=true: the cluster " +
            "(EMR passes its tags on to the launch template, instances and volumes), the subnet and the security groups.",
            "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html", Reviewed),
        new("EMR", "A terminated cluster cannot be updated: every setting is part of the cluster's name, whose change replaces it.",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-emr-cluster-autoterminationpolicy.html", Reviewed),
        new("EventBridge", "A rule judged too complex is refused (InvalidEventPatternException); wildcards are the usual cause, so the " +
            "lab's rules use prefixes only.", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html", Reviewed),
        new("Step Functions", "Log groups of state machines are named /aws/vendedlogs/...: CloudWatch Logs resource policies hold 5,120 characters.",
            "https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html", Reviewed),
        new("Kinesis", "UpdateShardCount at most doubles or halves the shard count in one call, at most 10 times in 24 hours.",
            "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html", Reviewed),
        new("SageMaker", "A real-time endpoint cannot be updated to serverless: the endpoint's name carries its mode, so a mode change replaces it.",
            "https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-update.html", Reviewed),
        new("SageMaker", "An account has one private workforce per region, and a private workteam uses its user pool: the groundtruth module " +
            "creates it unless existingWorkforce names the existing one's pool and app client.",
            "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateWorkforce.html", Reviewed),
        new("SageMaker", "Built-in labeling task types take AWS-owned pre-annotation (PRE-) and consolidation (ACS-) functions, one account per " +
            "region, in 12 regions (GroundTruth/BuiltInTasks.cs maps them).",
            "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HumanTaskConfig.html", Reviewed),
        new("S3", "Without s3:ListBucket, a HEAD or GET of a missing key answers 403, not 404.",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html", Reviewed),
    ];

    /// <summary>How each service principal the lab trusts is conditioned, per use.</summary>
    public static class Trust
    {
        /// <summary>A state machine's role.</summary>
        public static TrustFact StepFunctions { get; } = new("states.amazonaws.com", "state machine execution role", "StringEquals", "aws:SourceAccount",
            "{account}", "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html", Reviewed);

        /// <summary>The role of a rule's target.</summary>
        public static TrustFact EventBridge { get; } = new("events.amazonaws.com", "rule target role", "StringEquals", "aws:SourceAccount",
            "{account}", "https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html", Reviewed);

        /// <summary>EMR's service role.</summary>
        public static TrustFact Emr { get; } = new("elasticmapreduce.amazonaws.com", "EMR service role", "StringEquals", "aws:SourceAccount",
            "{account}", "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html", Reviewed);

        /// <summary>A delivery stream's role: Firehose sets the external id to the account.</summary>
        public static TrustFact Firehose { get; } = new("firehose.amazonaws.com", "delivery stream role", "StringEquals", "sts:ExternalId",
            "{account}", "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html", Reviewed);

        /// <summary>A model's execution role for inference (endpoints): the account's SageMaker ARNs, "*" as the page writes it.</summary>
        public static TrustFact SageMakerInference { get; } = new("sagemaker.amazonaws.com", "model execution role (inference)", "ArnLike", "aws:SourceArn",
            "arn:{partition}:sagemaker:{region}:{account}:*", "https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html", Reviewed);

        /// <summary>
        /// A notebook instance's role, which is also the role of the jobs and models its notebooks create. SageMaker's
        /// confused-deputy page lists no condition for notebook instances, so the principal is plain.
        /// </summary>
        public static TrustFact SageMakerNotebook { get; } = new("sagemaker.amazonaws.com", "notebook instance role", null, null, null,
            "https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html", Reviewed);

        /// <summary>
        /// A SageMaker pipeline's execution role, which its processing and training jobs also run as. SageMaker's
        /// confused-deputy page lists no condition for pipelines, so the principal is plain.
        /// </summary>
        public static TrustFact SageMakerPipeline { get; } = new("sagemaker.amazonaws.com", "pipeline execution role (and its jobs)", null, null, null,
            "https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html", Reviewed);

        /// <summary>
        /// The role Feature Store writes a feature group's offline store as. SageMaker's confused-deputy page lists no
        /// condition for Feature Store, so the principal is plain.
        /// </summary>
        public static TrustFact SageMakerFeatureStore { get; } = new("sagemaker.amazonaws.com", "feature group offline store role", null, null, null,
            "https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html", Reviewed);

        /// <summary>
        /// A labeling job's role. SageMaker's confused-deputy page shows no condition for Ground Truth labeling jobs, so the
        /// principal is plain (a condition on a key the service does not send would make the role impossible to assume).
        /// </summary>
        public static TrustFact SageMakerLabeling { get; } = new("sagemaker.amazonaws.com", "labeling job role", null, null, null,
            "https://docs.aws.amazon.com/sagemaker/latest/dg/sms-security-permission-execution-role.html", Reviewed);

        /// <summary>A crawler's or ETL job's role: Glue documents a plain trust policy and no confused-deputy condition.</summary>
        public static TrustFact Glue { get; } = new("glue.amazonaws.com", "crawler and ETL job role", null, null, null,
            "https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html", Reviewed);

        /// <summary>
        /// A Lex V2 bot's runtime role. Lex V2 supports no policy condition keys and its IAM page shows no trust condition for
        /// a bot's role (the console would make the service-linked role AWSServiceRoleForLexV2Bots instead), so the principal is plain.
        /// </summary>
        public static TrustFact Lex { get; } = new("lexv2.amazonaws.com", "bot runtime role", null, null, null,
            "https://docs.aws.amazon.com/lexv2/latest/dg/security_iam_service-with-iam.html", Reviewed);

        /// <summary>
        /// A Managed Service for Apache Flink application's service execution role. Its IAM page shows a plain
        /// kinesisanalytics.amazonaws.com trust and no confused-deputy condition, so the principal is plain.
        /// </summary>
        public static TrustFact Flink { get; } = new("kinesisanalytics.amazonaws.com", "application service execution role", null, null, null,
            "https://docs.aws.amazon.com/managed-flink/latest/java/security_iam_service-with-iam.html", Reviewed);

        /// <summary>Every trust the lab uses.</summary>
        public static IReadOnlyList<TrustFact> All { get; } = [StepFunctions, EventBridge, Emr, Firehose, SageMakerInference, SageMakerNotebook, SageMakerLabeling, SageMakerPipeline, SageMakerFeatureStore, Glue, Lex, Flink];
    }

    /// <summary>The version rows of <paramref name="kind"/> with <paramref name="value"/>.</summary>
    public static VersionFact? Find(PinKind kind, string value) => Versions.FirstOrDefault(v => v.Kind == kind && v.Value == value);

    /// <summary>
    /// What is wrong with the table on <paramref name="today"/>: a row past its end of support that the lab keeps without a
    /// reason, a kept row without a review date, past it, or reviewed later than a quarter after it was read.
    /// </summary>
    public static IEnumerable<string> Problems(DateOnly today) => Versions.SelectMany(fact => fact switch
    {
        { EndOfSupport: DateOnly end, PastEndReason: null } when end < today =>
            [$"{fact.Kind} {fact.Value}: past its end of support ({end:yyyy-MM-dd}, {fact.Source}); move to a supported version"],
        { PastEndReason: not null, ReviewBy: null } => [$"{fact.Kind} {fact.Value}: kept past its end of support without a review date"],
        { PastEndReason: not null, ReviewBy: DateOnly review } when review < today =>
            [$"{fact.Kind} {fact.Value}: kept past its end of support until {review:yyyy-MM-dd}; read {fact.Source} again"],
        { PastEndReason: not null, ReviewBy: DateOnly review } when review.DayNumber - fact.Read.DayNumber > WarnDays + 2 =>
            [$"{fact.Kind} {fact.Value}: a review date more than {WarnDays} days after the page was read"],
        _ => Array.Empty<string>(),
    });

    /// <summary>The summary's warnings on <paramref name="today"/>: rows past their end (kept, with the reason) or within <see cref="WarnDays"/> of it.</summary>
    public static IEnumerable<string> Warnings(DateOnly today) => Versions.SelectMany(fact => fact switch
    {
        { EndOfSupport: DateOnly end } when end < today =>
            [$"{fact.Value} is past AWS's end of support ({end:yyyy-MM-dd}): {fact.PastEndReason ?? "move to a supported version"}"],
        { EndOfSupport: DateOnly end } when end.DayNumber - today.DayNumber <= WarnDays =>
            [$"{fact.Value} reaches AWS's end of support on {end:yyyy-MM-dd} ({fact.Source})"],
        _ => Array.Empty<string>(),
    });
}
