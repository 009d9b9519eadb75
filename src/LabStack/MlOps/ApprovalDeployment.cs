using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Sagemaker;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.Iam;
using static LabStack.ServiceCalls;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="ApprovalDeployment"/>.</summary>
public sealed record ApprovalDeploymentProps
{
    /// <summary>The registry group whose approvals are deployed.</summary>
    public required CfnModelPackageGroup ModelPackageGroup { get; init; }

    /// <summary>The lake: the models' artifacts are under the pipeline's output prefix.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The image the registered models name (the model role may pull only it).</summary>
    public required ContainerImageInRegion Image { get; init; }

    /// <summary>
    /// The start of every name the workflow gives what it creates (<c>{labName}--mlops</c>): models, endpoint configs and the
    /// endpoint. The grants name only these, and <see cref="MlOpsLeftovers"/> deletes them by this prefix when the stack goes.
    /// </summary>
    public required string NamePrefix { get; init; }

    /// <summary>The execution log group's name after <see cref="WorkflowLogs.Prefix"/>.</summary>
    public required string LogName { get; init; }
}

/// <summary>
/// Deploy on approval: an EventBridge rule on the registry group's "SageMaker Model Package State Change" events with
/// status Approved starts a workflow that describes the approved package, creates its model and a serverless endpoint
/// config (<see cref="MemoryMb"/>, one concurrent invocation), and creates the module's endpoint
/// (<c>{prefix}-churn</c>) or updates it to the new config, then waits until it is in service. A rejection matches no rule
/// and deploys nothing; the workflow also ends at once on any status but Approved (a start by hand).
/// </summary>
public sealed class ApprovalDeployment : Construct
{
    /// <summary>The serverless endpoint's memory: XGBoost on a few thousand rows needs little.</summary>
    public const int MemoryMb = 2048;

    /// <summary>Seconds between two looks at the endpoint's status.</summary>
    public const int PollSeconds = 30;

    public StateMachine StateMachine { get; }

    /// <summary>The rule on approvals.</summary>
    public Rule Rule { get; }

    /// <summary>The role the deployed models run as: pulls the image and reads the models' artifacts.</summary>
    public IRole ModelRole { get; }

    /// <summary>The endpoint's name.</summary>
    public string EndpointName { get; }

    public ApprovalDeployment(Construct scope, string id, ApprovalDeploymentProps props) : base(scope, id)
    {
        EndpointName = $"{props.NamePrefix}-churn";
        ModelRole = new Role(this, "ModelRole", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.SageMakerInference),
            Description = "Models the ML study lab deploys from its registry: pull the XGBoost image, read the pipeline's model artifacts",
        });
        Grant(this, "ModelAccess", ModelRole,
            "Model artifacts are under the pipeline's output prefix by generated names; endpoint log groups are named by the " +
            "workflow's prefix. ECR's authorization token has no resource.",
            Allow(["s3:GetObject"], props.Lake.ArnForObjects(TrainingPipeline.OutputPrefix + "models/*")),
            Allow(["ecr:GetAuthorizationToken"], "*"),
            Allow(["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], props.Image.RepositoryArn),
            Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], LogGroupArn(this, $"/aws/sagemaker/Endpoints/{props.NamePrefix}-*")));

        var definition = Chain.Start(new Choice(this, "Approved?")
            .When(Condition.And(Condition.IsPresent("$.detail.ModelApprovalStatus"), Condition.StringEquals("$.detail.ModelApprovalStatus", "Approved")),
                Deploy(props))
            .Otherwise(new Succeed(this, "Not approved", new SucceedProps { Comment = "Only an approval deploys; a rejection leaves the endpoint as it is." })));

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Duration.Hours(1), // a serverless endpoint is in service within minutes
            TracingEnabled = true,
            Logs = new LogOptions { Destination = WorkflowLogs.Create(this, "Logs", props.LogName, RetentionDays.ONE_WEEK), Level = LogLevel.ALL, IncludeExecutionData = true },
            Comment = "ML study lab: deploy an approved model of the registry to the module's serverless endpoint",
        });
        Nag.Suppress(StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            $"What the deploy creates is named {props.NamePrefix}-... (models and configs by version); packages are named " +
            "<group>/<version>. ListEndpoints, X-Ray and log delivery have no resource to name.",
            [Nag.AnyResource, .. WildcardFindings([Allow(["sagemaker:DescribeModelPackage"], Packages(this, props.ModelPackageGroup.ModelPackageGroupName)),
                Allow(["sagemaker:CreateModel"], Named(this, "model", props.NamePrefix), Named(this, "endpoint-config", props.NamePrefix),
                    Named(this, "endpoint", props.NamePrefix))])]));
        Rule = new Rule(this, "OnApproval", new RuleProps
        {
            Description = "ML study lab: deploy every model package of the lab's group that is approved",
            EventPattern = new EventPattern
            {
                Source = ["aws.sagemaker"],
                DetailType = ["SageMaker Model Package State Change"],
                Detail = new Dictionary<string, object>
                {
                    ["ModelPackageGroupName"] = new[] { props.ModelPackageGroup.ModelPackageGroupName },
                    ["ModelApprovalStatus"] = new[] { "Approved" },
                },
            },
            Targets = [new SfnStateMachine(StateMachine, new SfnStateMachineProps { Role = ServiceRole(this, "StartRole", ServiceFacts.Trust.EventBridge) })],
        });
    }

    /// <summary>The deployment, in the order it runs.</summary>
    private Chain Deploy(ApprovalDeploymentProps props)
    {
        var (models, configs, endpoints) = (Named(this, "model", props.NamePrefix), Named(this, "endpoint-config", props.NamePrefix),
            Named(this, "endpoint", props.NamePrefix));
        var group = props.ModelPackageGroup.ModelPackageGroupName;
        var createFailed = new Fail(this, "Create failed", new FailProps { Error = "LabStack.CreateFailed", CausePath = "$.error.Cause" });
        T Caught<T>(T task) where T : TaskStateBase
        {
            task.AddCatch(createFailed, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
            return task;
        }
        const string package = "$.package";

        var describe = Call(this, "Describe model package", new ServiceCall
        {
            Service = "sagemaker", Action = "describeModelPackage", IamAction = "sagemaker:DescribeModelPackage",
            IamResources = [Packages(this, group)],
            Parameters = Fields(("ModelPackageName", JsonPath.StringAt("$.detail.ModelPackageArn"))),
            ResultPath = package,
        });
        var container = package + ".InferenceSpecification.Containers[0]";
        var names = new Pass(this, "Name the deployment", new PassProps
        {
            Parameters = Fields(
                ("version", JsonPath.NumberAt(package + ".ModelPackageVersion")),
                ("name", JsonPath.Format($"{EndpointName}-v{{}}", JsonPath.StringAt(package + ".ModelPackageVersion"))),
                ("image", JsonPath.StringAt(container + ".Image")),
                ("model_data", JsonPath.StringAt(container + ".ModelDataUrl"))),
            ResultPath = "$.deploy",
        });
        var createModel = Caught(Call(this, "Create model", new ServiceCall
        {
            Service = "sagemaker", Action = "createModel", IamAction = "sagemaker:CreateModel", IamResources = [models],
            Parameters = Fields(
                ("ModelName", JsonPath.StringAt("$.deploy.name")),
                ("ExecutionRoleArn", ModelRole.RoleArn),
                ("PrimaryContainer", Fields(("Image", JsonPath.StringAt("$.deploy.image")), ("ModelDataUrl", JsonPath.StringAt("$.deploy.model_data"))))),
            ResultPath = JsonPath.DISCARD,
            AlsoNeeds = [PassRoleTo(ModelRole, "sagemaker.amazonaws.com")],
        }));
        var createConfig = Caught(Call(this, "Create endpoint config", new ServiceCall
        {
            Service = "sagemaker", Action = "createEndpointConfig", IamAction = "sagemaker:CreateEndpointConfig", IamResources = [configs],
            Parameters = Fields(
                ("EndpointConfigName", JsonPath.StringAt("$.deploy.name")),
                ("ProductionVariants", new object[]
                {
                    Fields(("VariantName", "AllTraffic"), ("ModelName", JsonPath.StringAt("$.deploy.name")),
                        ("ServerlessConfig", Fields(("MemorySizeInMB", MemoryMb), ("MaxConcurrency", 1)))),
                })),
            ResultPath = JsonPath.DISCARD,
        }));
        var find = Call(this, "Find endpoint", new ServiceCall
        {
            Service = "sagemaker", Action = "listEndpoints", IamAction = "sagemaker:ListEndpoints", IamResources = ["*"],
            Parameters = Fields(("NameContains", EndpointName)),
            ResultSelector = Fields(("count", JsonPath.ArrayLength(JsonPath.StringAt("$.Endpoints")))),
            ResultPath = "$.existing",
        });
        var endpointCall = (string name, string action) => Caught(Call(this, name, new ServiceCall
        {
            Service = "sagemaker", Action = action, IamAction = "sagemaker:" + char.ToUpperInvariant(action[0]) + action[1..],
            IamResources = [endpoints, configs],
            Parameters = Fields(("EndpointName", EndpointName), ("EndpointConfigName", JsonPath.StringAt("$.deploy.name"))),
            ResultPath = JsonPath.DISCARD,
        }));
        var wait = new Wait(this, "Wait for the endpoint", new WaitProps { Time = WaitTime.Duration(Duration.Seconds(PollSeconds)) });
        var status = Call(this, "Endpoint status", new ServiceCall
        {
            Service = "sagemaker", Action = "describeEndpoint", IamAction = "sagemaker:DescribeEndpoint", IamResources = [endpoints],
            Parameters = Fields(("EndpointName", EndpointName)),
            ResultSelector = KeepWithDefaults(("FailureReason", "SageMaker gave no reason")),
            ResultPath = "$.endpoint",
        });
        var deployed = new Succeed(this, "Deployed", new SucceedProps { Comment = "The endpoint serves the approved version." });
        var failed = new Fail(this, "Deploy failed", new FailProps { Error = "LabStack.EndpointFailed", CausePath = "$.endpoint.found.FailureReason" });

        return describe
            .Next(new Choice(this, "Deployable package?")
                .When(Condition.And(Condition.IsPresent(package + ".ModelPackageVersion"), Condition.IsPresent(container + ".Image"),
                        Condition.IsPresent(container + ".ModelDataUrl")),
                    names.Next(createModel).Next(createConfig).Next(find)
                        .Next(new Choice(this, "Endpoint exists?")
                            .When(Condition.NumberGreaterThan("$.existing.count", 0), endpointCall("Update endpoint", "updateEndpoint"))
                            .Otherwise(endpointCall("Create endpoint", "createEndpoint"))
                            .Afterwards())
                        .Next(wait)
                        .Next(status)
                        .Next(FillDefaults(this, "Status or defaults", "$.endpoint"))
                        .Next(new Choice(this, "In service?")
                            .When(Condition.StringEquals("$.endpoint.found.EndpointStatus", "InService"), deployed)
                            .When(Condition.StringEquals("$.endpoint.found.EndpointStatus", "Failed"), failed)
                            .Otherwise(wait)))
                .Otherwise(new Fail(this, "Not deployable", new FailProps
                {
                    Error = "LabStack.NotDeployable", Cause = "The model package has no version, image or model data to deploy.",
                }))
                .Afterwards());
    }

    /// <summary>The ARN pattern of every SageMaker <paramref name="resource"/> named <paramref name="prefix"/>-...</summary>
    private static string Named(IConstruct scope, string resource, string prefix) => SageMaker.NotebookJobs.NamedArn(scope, resource, prefix);

    /// <summary>The ARN pattern of every version in the model package group <paramref name="group"/>.</summary>
    public static string Packages(IConstruct scope, string group) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "sagemaker", Resource = "model-package", ResourceName = group + "/*" });
}
