namespace LabStack.MlOps;

/// <summary>What <see cref="ChurnPipelineDefinition"/> is built from.</summary>
public sealed record ChurnPipelineInputs
{
    /// <summary>The container every step runs in: the built-in XGBoost (it also holds pandas and scikit-learn).</summary>
    public required string ImageUri { get; init; }

    /// <summary>The pipeline's execution role, which its jobs run as.</summary>
    public required string RoleArn { get; init; }

    /// <summary>Where the customers are read from: <c>s3://lake/raw/customers/</c> (the InputData parameter's default).</summary>
    public required string CustomersUri { get; init; }

    /// <summary>Where each run writes its splits, model and evaluation: <c>s3://lake/curated/mlops/</c>.</summary>
    public required string OutputUri { get; init; }

    /// <summary>The S3 URI of the Prepare step's script.</summary>
    public required string PrepareScriptUri { get; init; }

    /// <summary>The Prepare script's file name once the job has downloaded it.</summary>
    public required string PrepareScriptName { get; init; }

    /// <summary>The S3 URI of the Evaluate step's script.</summary>
    public required string EvaluateScriptUri { get; init; }

    /// <summary>The Evaluate script's file name once the job has downloaded it.</summary>
    public required string EvaluateScriptName { get; init; }

    /// <summary>The S3 URI of the Explain step's script.</summary>
    public required string ExplainScriptUri { get; init; }

    /// <summary>The Explain script's file name once the job has downloaded it.</summary>
    public required string ExplainScriptName { get; init; }

    /// <summary>The S3 URI of the CheckDrift step's script.</summary>
    public required string DriftScriptUri { get; init; }

    /// <summary>The CheckDrift script's file name once the job has downloaded it.</summary>
    public required string DriftScriptName { get; init; }

    /// <summary>The customers to score (<c>s3://assets/&lt;hash&gt;.csv</c>, the shipped batch): the BatchData parameter's default.</summary>
    public required string BatchUri { get; init; }

    /// <summary>The Model Registry group every model that passes is registered in.</summary>
    public required string ModelPackageGroupName { get; init; }

    /// <summary>The MinAuc parameter's default.</summary>
    public required double MinAuc { get; init; }
}

/// <summary>
/// The SageMaker pipeline's definition (the document <c>AWS::SageMaker::Pipeline</c> takes as PipelineDefinitionBody),
/// built here rather than by the SageMaker Python SDK: Prepare (split, impute, scale, encode: fitted on the training split
/// only; also transforms the BatchData customers) → Train (built-in XGBoost, validation AUC as its metric) → Evaluate (AUC
/// on the held-out test split, the model's quality metrics) and Explain (bias metrics and SHAP: AWS's replacement for a
/// Clarify step) → CheckAuc (validation AUC ≥ MinAuc) → Register (PendingManualApproval, with the three reports), and
/// the batch side of AWS's batch monitoring pipeline (the replacement for Model Monitor): BatchModel → Score (a batch
/// transform of the prepared batch) → CheckDrift (the batch against the training split); or AucTooLow.
/// The tests validate it against the published pipeline-definition schema (tools/validate/pipeline-definition.mjs).
/// </summary>
/// <remarks>
/// The condition reads the training job's final <c>validation:auc</c> metric with <c>Get</c>: the published schema has
/// no <c>Std:JsonGet</c> (nor property files), so a condition on the evaluation report would not validate. Evaluate's
/// test AUC is what the registry shows with the model.
/// </remarks>
public static class ChurnPipelineDefinition
{
    /// <summary>The pipeline's steps, in the order a run takes them (the Register and AucTooLow steps are CheckAuc's branches).</summary>
    public static IReadOnlyList<string> StepNames { get; } = ["Prepare", "Train", "Evaluate", "Explain", "CheckAuc"];

    /// <summary>CheckAuc's If branch, in the order it runs (Register beside the batch scoring).</summary>
    public static IReadOnlyList<string> IfStepNames { get; } = ["Register", "BatchModel", "Score", "CheckDrift"];

    /// <summary>
    /// What the names of the models the BatchModel step creates contain. A pipeline names what its steps create itself,
    /// as <c>pipelines-&lt;execution id&gt;-&lt;step name, lower case&gt;-&lt;random&gt;</c>, whatever a step's arguments say
    /// (the Model step's output in https://docs.aws.amazon.com/sagemaker/latest/dg/define-pipeline.html reads
    /// <c>model/pipelines-cfvy1tjuxdq8-abalonecreatemodel-jl94rai0ra</c>); the stack's clean-up finds them by it.
    /// </summary>
    public static string BatchModelNameContains => $"-{BatchModelStep.ToLowerInvariant()}-";

    private const string BatchModelStep = "BatchModel";

    /// <summary>The processing jobs a run that passes CheckAuc starts (Prepare, Evaluate, Explain, CheckDrift): the cost table prices them.</summary>
    public const int ProcessingJobsPerRun = 4;

    /// <summary>The batch transforms such a run starts (Score).</summary>
    public const int TransformJobsPerRun = 1;

    /// <summary>The instance type of every job: the cheapest the lab's roles allow for training.</summary>
    public const string InstanceType = "ml.m5.large";

    /// <summary>The longest any job of the pipeline may run.</summary>
    public const int MaxJobSeconds = 1800;

    /// <summary>The built-in XGBoost's hyperparameters (notebook 02's, so the two models compare).</summary>
    public static IReadOnlyDictionary<string, string> HyperParameters { get; } = new Dictionary<string, string>
    {
        ["objective"] = "binary:logistic",
        ["eval_metric"] = "auc",
        ["num_round"] = "200",
        ["max_depth"] = "4",
        ["eta"] = "0.1",
        ["scale_pos_weight"] = "6.14",
        ["early_stopping_rounds"] = "20",
    };

    private const string Code = "/opt/ml/processing/code/";

    /// <summary>The definition as a JSON-ready tree (tokens inside; <c>Stack.ToJsonString</c> renders it).</summary>
    public static Dictionary<string, object> Build(ChurnPipelineInputs inputs) => new()
    {
        ["Version"] = "2020-12-01",
        ["Metadata"] = new Dictionary<string, object>(),
        ["Parameters"] = new object[]
        {
            Parameter("InputData", "String", inputs.CustomersUri),
            Parameter("MinAuc", "Float", inputs.MinAuc),
            Parameter("BatchData", "String", inputs.BatchUri),
        },
        ["Steps"] = new object[]
        {
            Prepare(inputs),
            Train(inputs),
            Evaluate(inputs),
            Explain(inputs),
            new Dictionary<string, object>
            {
                ["Name"] = "CheckAuc",
                ["Type"] = "Condition",
                ["DependsOn"] = new[] { "Evaluate", "Explain" }, // its condition reads Train; the model it registers needs both reports
                ["Arguments"] = new Dictionary<string, object>
                {
                    ["Conditions"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["Type"] = "GreaterThanOrEqualTo",
                            ["LeftValue"] = Get("Steps.Train.FinalMetricDataList['validation:auc'].Value"),
                            ["RightValue"] = Get("Parameters.MinAuc"),
                        },
                    },
                    ["IfSteps"] = new object[] { Register(inputs), BatchModel(inputs), Score(inputs), CheckDrift(inputs) },
                    ["ElseSteps"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["Name"] = "AucTooLow",
                            ["Type"] = "Fail",
                            ["Arguments"] = new Dictionary<string, object> { ["ErrorMessage"] = "The validation AUC is below MinAuc: nothing was registered." },
                        },
                    },
                },
            },
        },
    };

    private static Dictionary<string, object> Prepare(ChurnPipelineInputs inputs) => Processing("Prepare", inputs,
        inputs.PrepareScriptName,
        [
            Input("customers", Get("Parameters.InputData"), "/opt/ml/processing/input"),
            Input("batch", Get("Parameters.BatchData"), "/opt/ml/processing/batch"),
            Input("code", inputs.PrepareScriptUri, Code),
        ],
        ["train", "validation", "test", "splits", "batch"]);

    private static Dictionary<string, object> Train(ChurnPipelineInputs inputs) => Step("Train", "Training", new Dictionary<string, object>
    {
        ["AlgorithmSpecification"] = new Dictionary<string, object> { ["TrainingImage"] = inputs.ImageUri, ["TrainingInputMode"] = "File" },
        ["HyperParameters"] = HyperParameters,
        ["InputDataConfig"] = new object[] { Channel("train"), Channel("validation") },
        // SageMaker writes each job's model under its own job name, so runs never overwrite each other's.
        ["OutputDataConfig"] = new Dictionary<string, object> { ["S3OutputPath"] = inputs.OutputUri + "models" },
        ["ResourceConfig"] = new Dictionary<string, object> { ["InstanceCount"] = 1, ["InstanceType"] = InstanceType, ["VolumeSizeInGB"] = 10 },
        ["RoleArn"] = inputs.RoleArn,
        ["StoppingCondition"] = new Dictionary<string, object> { ["MaxRuntimeInSeconds"] = MaxJobSeconds },
    });

    private static Dictionary<string, object> Evaluate(ChurnPipelineInputs inputs) => Processing("Evaluate", inputs,
        inputs.EvaluateScriptName,
        [
            Input("model", TrainedModel(), "/opt/ml/processing/model"),
            Input("test", Get(OutputUri("Prepare", "test")), "/opt/ml/processing/test"),
            Input("code", inputs.EvaluateScriptUri, Code),
        ],
        ["evaluation"]);

    /// <summary>Bias metrics and SHAP values of the trained model: analysis.json, the registry's bias and explainability reports.</summary>
    private static Dictionary<string, object> Explain(ChurnPipelineInputs inputs) => Processing("Explain", inputs,
        inputs.ExplainScriptName,
        [
            Input("model", TrainedModel(), "/opt/ml/processing/model"),
            Input("splits", Get(OutputUri("Prepare", "splits")), "/opt/ml/processing/splits"),
            Input("code", inputs.ExplainScriptUri, Code),
        ],
        ["analysis"]);

    /// <summary>
    /// The trained model as a SageMaker model the batch transform runs. No ModelName: the pipeline names it
    /// (<see cref="BatchModelNameContains"/>); the stack's clean-up deletes it.
    /// </summary>
    private static Dictionary<string, object> BatchModel(ChurnPipelineInputs inputs) => Step(BatchModelStep, "Model", new Dictionary<string, object>
    {
        ["ExecutionRoleArn"] = inputs.RoleArn,
        ["PrimaryContainer"] = new Dictionary<string, object> { ["Image"] = inputs.ImageUri, ["ModelDataUrl"] = TrainedModel() },
    });

    /// <summary>The prepared batch scored by the model: one probability per line, in the batch's order.</summary>
    private static Dictionary<string, object> Score(ChurnPipelineInputs inputs) => Step("Score", "Transform", new Dictionary<string, object>
    {
        ["ModelName"] = Get("Steps.BatchModel.ModelName"),
        ["TransformInput"] = new Dictionary<string, object>
        {
            ["DataSource"] = new Dictionary<string, object>
            {
                ["S3DataSource"] = new Dictionary<string, object> { ["S3DataType"] = "S3Prefix", ["S3Uri"] = Get(OutputUri("Prepare", "batch")) },
            },
            ["ContentType"] = "text/csv",
            ["SplitType"] = "Line",
        },
        ["TransformOutput"] = new Dictionary<string, object> { ["S3OutputPath"] = RunFolder(inputs, "scored"), ["Accept"] = "text/csv", ["AssembleWith"] = "Line" },
        ["TransformResources"] = new Dictionary<string, object> { ["InstanceCount"] = 1, ["InstanceType"] = InstanceType },
    });

    private const string DriftBaseline = "/opt/ml/processing/baseline", DriftBatch = "/opt/ml/processing/batch", DriftReport = "/opt/ml/processing/report";

    /// <summary>check_drift.py's command line in the CheckDrift job (a fixed interface: the script tests run it so).</summary>
    public static IReadOnlyList<string> DriftArguments { get; } = ["--baseline", DriftBaseline, "--batch", DriftBatch, "--output", DriftReport];

    /// <summary>The batch's raw columns against the training split's (check_drift.py): Model Monitor's reports, made here.</summary>
    private static Dictionary<string, object> CheckDrift(ChurnPipelineInputs inputs)
    {
        var step = Processing("CheckDrift", inputs, inputs.DriftScriptName,
            // The baseline is the training split alone: check_drift.py reads every CSV of its folder, and splits/ also holds the test split.
            [Input("baseline", Join(Get(OutputUri("Prepare", "splits")), "/train.csv"), DriftBaseline), Input("batch", Get("Parameters.BatchData"), DriftBatch), Input("code", inputs.DriftScriptUri, Code)],
            [("report", "drift")], [.. DriftArguments]);
        step["DependsOn"] = new[] { "Score" }; // the batch monitoring pattern: the transform, then the check of its input
        return step;
    }

    private static Dictionary<string, object> Register(ChurnPipelineInputs inputs) => Step("Register", "RegisterModel", new Dictionary<string, object>
    {
        ["ModelPackageGroupName"] = inputs.ModelPackageGroupName,
        ["ModelPackageDescription"] = "Churn model trained by the lab's pipeline; its test AUC is under model quality",
        ["ModelApprovalStatus"] = "PendingManualApproval", // the learner approves it, which starts the deploy
        ["InferenceSpecification"] = new Dictionary<string, object>
        {
            ["Containers"] = new object[]
            {
                new Dictionary<string, object> { ["Image"] = inputs.ImageUri, ["ModelDataUrl"] = TrainedModel() },
            },
            ["SupportedContentTypes"] = new[] { "text/csv" },
            ["SupportedResponseMIMETypes"] = new[] { "text/csv" },
        },
        ["ModelMetrics"] = new Dictionary<string, object>
        {
            ["ModelQuality"] = new Dictionary<string, object>
            {
                ["Statistics"] = new Dictionary<string, object>
                {
                    ["ContentType"] = "application/json",
                    ["S3Uri"] = Join(Get(OutputUri("Evaluate", "evaluation")), "/evaluation.json"),
                },
            },
            ["Bias"] = new Dictionary<string, object> { ["Report"] = Report("analysis.json") },
            ["Explainability"] = new Dictionary<string, object> { ["Report"] = Report("analysis.json") },
        },
    });

    private static Dictionary<string, object> Report(string file) => new()
    {
        ["ContentType"] = "application/json",
        ["S3Uri"] = Join(Get(OutputUri("Explain", "analysis")), "/" + file),
    };

    private static Dictionary<string, object> Processing(string name, ChurnPipelineInputs inputs, string script, object[] processingInputs, string[] outputs) =>
        Processing(name, inputs, script, processingInputs, outputs.Select(output => (output, output)).ToArray(), []);

    /// <summary>A processing job; each output is (its name and local folder, its folder under the run).</summary>
    private static Dictionary<string, object> Processing(string name, ChurnPipelineInputs inputs, string script, object[] processingInputs,
        (string Name, string Folder)[] outputs, string[] arguments) =>
        Step(name, "Processing", new Dictionary<string, object>
        {
            ["ProcessingResources"] = new Dictionary<string, object>
            {
                ["ClusterConfig"] = new Dictionary<string, object> { ["InstanceCount"] = 1, ["InstanceType"] = InstanceType, ["VolumeSizeInGB"] = 10 },
            },
            ["AppSpecification"] = AppSpecification(inputs.ImageUri, Code + script, arguments),
            ["RoleArn"] = inputs.RoleArn,
            ["ProcessingInputs"] = processingInputs,
            ["ProcessingOutputConfig"] = new Dictionary<string, object>
            {
                // One folder per run and output: s3://lake/curated/mlops/runs/<execution id>/<output>.
                ["Outputs"] = outputs.Select(output => (object)new Dictionary<string, object>
                {
                    ["OutputName"] = output.Name,
                    ["S3Output"] = new Dictionary<string, object>
                    {
                        ["S3Uri"] = RunFolder(inputs, output.Folder),
                        ["LocalPath"] = "/opt/ml/processing/" + output.Name,
                        ["S3UploadMode"] = "EndOfJob",
                    },
                }).ToArray(),
            },
            ["StoppingCondition"] = new Dictionary<string, object> { ["MaxRuntimeInSeconds"] = MaxJobSeconds },
        });

    private static Dictionary<string, object> AppSpecification(string image, string script, string[] arguments)
    {
        var app = new Dictionary<string, object> { ["ImageUri"] = image, ["ContainerEntrypoint"] = new[] { "python3", script } };
        if (arguments.Length > 0)
        {
            app["ContainerArguments"] = arguments;
        }
        return app;
    }

    /// <summary>s3://lake/curated/mlops/runs/&lt;execution id&gt;/&lt;folder&gt;: one folder per run and output.</summary>
    private static Dictionary<string, object> RunFolder(ChurnPipelineInputs inputs, string folder) =>
        Join(inputs.OutputUri + "runs/", Get("Execution.PipelineExecutionId"), "/" + folder);

    private static Dictionary<string, object> Step(string name, string type, Dictionary<string, object> arguments) =>
        new() { ["Name"] = name, ["Type"] = type, ["Arguments"] = arguments };

    private static Dictionary<string, object> Parameter(string name, string type, object defaultValue) =>
        new() { ["Name"] = name, ["Type"] = type, ["DefaultValue"] = defaultValue };

    private static Dictionary<string, object> Input(string name, object uri, string localPath) => new()
    {
        ["InputName"] = name,
        ["S3Input"] = new Dictionary<string, object>
        {
            ["S3Uri"] = uri, ["LocalPath"] = localPath, ["S3DataType"] = "S3Prefix", ["S3InputMode"] = "File", ["S3DataDistributionType"] = "FullyReplicated",
        },
    };

    private static Dictionary<string, object> Channel(string name) => new()
    {
        ["ChannelName"] = name,
        ["ContentType"] = "text/csv",
        ["DataSource"] = new Dictionary<string, object>
        {
            ["S3DataSource"] = new Dictionary<string, object>
            {
                ["S3DataType"] = "S3Prefix", ["S3Uri"] = Get(OutputUri("Prepare", name)), ["S3DataDistributionType"] = "FullyReplicated",
            },
        },
    };

    private static string OutputUri(string step, string output) => $"Steps.{step}.ProcessingOutputConfig.Outputs['{output}'].S3Output.S3Uri";

    private static Dictionary<string, object> Get(string path) => new() { ["Get"] = path };

    /// <summary>The model artifact Train wrote: what Evaluate, Explain, BatchModel and Register read.</summary>
    private static Dictionary<string, object> TrainedModel() => Get("Steps.Train.ModelArtifacts.S3ModelArtifacts");

    private static Dictionary<string, object> Join(params object[] values) =>
        new() { ["Std:Join"] = new Dictionary<string, object> { ["On"] = "", ["Values"] = values } };
}
