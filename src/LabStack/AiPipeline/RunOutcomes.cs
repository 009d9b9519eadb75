using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;
using Parallel = Amazon.CDK.AWS.StepFunctions.Parallel;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;

namespace LabStack.AiPipeline;

/// <summary>
/// How a run ends: a result document in <see cref="LakeLayout.AiResults"/> (also the execution's output), or an error
/// document in <see cref="LakeLayout.AiErrors"/> followed by a failed execution that says why. Every branch of the
/// workflow ends in one of these. Both writes are retried; a result that cannot be written is recorded as an error, and
/// an error document that cannot be written still fails the run with the original error (the cause says so).
/// </summary>
public sealed class RunOutcomes
{
    private readonly Construct scope;
    private readonly IBucket lake;
    private readonly CatchProps toRecord = new() { Errors = [Errors.ALL], ResultPath = RunDocument.Error };

    /// <summary>The write every result document goes through, then the run's end (made with the first document).</summary>
    private CallAwsService? writeResult;

    /// <summary>The failure chain, in <paramref name="scope"/>, writing into <paramref name="lake"/> (the success chain is per caller).</summary>
    public RunOutcomes(Construct scope, IBucket lake)
    {
        (this.scope, this.lake) = (scope, lake);
        RecordError = new Pass(scope, "Record error", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("bucket", JsonPath.StringAt(RunDocument.InputBucket)),
                ("object_key", JsonPath.StringAt(RunDocument.InputKey)),
                ("error", JsonPath.StringAt(RunDocument.ErrorName)),
                ("cause", JsonPath.StringAt(RunDocument.ErrorCause)),
                ("failed_at", JsonPath.StateEnteredTime)),
            ResultPath = RunDocument.Failure,
        });
        var failed = new Fail(scope, "Failed", new FailProps { ErrorPath = RunDocument.FailureError, CausePath = RunDocument.FailureCause });
        var writeError = Write("Write error", LakeLayout.AiErrors, RunDocument.Failure);
        RecordError.Next(writeError).Next(failed);
        // The run still fails with the original error; its cause says the document is missing, and why.
        writeError.AddCatch(new Pass(scope, "Error document not written", new PassProps
        {
            Parameters = Fields(
                ("error", JsonPath.StringAt(RunDocument.FailureError)),
                ("cause", JsonPath.Format("{} (no error document: writing it failed with {})",
                    JsonPath.StringAt(RunDocument.FailureCause), JsonPath.StringAt(RunDocument.WriteFailureError)))),
            ResultPath = RunDocument.Failure,
        }).Next(failed), new CatchProps { Errors = [Errors.ALL], ResultPath = RunDocument.WriteFailure });
    }

    /// <summary>The state that records <see cref="RunDocument.Error"/> (Error, Cause) as the run's error document.</summary>
    public Pass RecordError { get; }

    /// <summary>Sends any error of <paramref name="state"/> to the error document.</summary>
    public void Catch(TaskStateBase state) => state.AddCatch(RecordError, toRecord);

    /// <summary>Sends any error of <paramref name="state"/> to the error document.</summary>
    public void Catch(Parallel state) => state.AddCatch(RecordError, toRecord);

    /// <summary>Sends any error of <paramref name="state"/> to the error document.</summary>
    public void Catch(SfnMap state) => state.AddCatch(RecordError, toRecord);

    /// <summary>A refusal: records <paramref name="error"/> and <paramref name="cause"/> without calling any service.</summary>
    public Pass Refuse(string name, string error, string cause)
    {
        var refusal = new Pass(scope, name, new PassProps
        {
            Result = Result.FromObject(Fields(("Error", error), ("Cause", cause))),
            ResultPath = RunDocument.Error,
        });
        refusal.Next(RecordError);
        return refusal;
    }

    /// <summary>
    /// A failure found by the workflow with a cause built at run time (<paramref name="cause"/>: a path or an intrinsic
    /// such as <c>States.Format</c>), recorded as <paramref name="error"/>.
    /// </summary>
    public Pass Record(string name, string error, string cause)
    {
        var record = new Pass(scope, name, new PassProps
        {
            Parameters = Fields(("Error", error), ("Cause", cause)),
            ResultPath = RunDocument.Error,
        });
        record.Next(RecordError);
        return record;
    }

    /// <summary>The refusal <paramref name="refusal"/> describes.</summary>
    public Pass Refuse(Refusal refusal) => Refuse(refusal.State, refusal.Error, refusal.Cause);

    /// <summary>
    /// The result document, written to the lake and returned as the execution's output; <paramref name="members"/> replace
    /// or add members of the document (a branch without texts names its lists itself). Every branch's document goes
    /// through the same write.
    /// </summary>
    public IChainable ResultDocument(string name, IDictionary<string, object>? members = null)
    {
        var fields = Fields(
            ("execution", JsonPath.ExecutionName),
            ("bucket", JsonPath.StringAt(RunDocument.InputBucket)),
            ("object_key", JsonPath.StringAt(RunDocument.InputKey)),
            ("input_type", JsonPath.StringAt(RunDocument.ScopeType)),
            ("object_bytes", JsonPath.NumberAt(RunDocument.ObjectBytes)),
            ("analyzed_bytes", JsonPath.NumberAt(RunDocument.ScopeAnalyzedBytes)),
            ("truncated", JsonPath.StringAt(RunDocument.ScopeTruncated)),
            ("labels", JsonPath.ListAt(RunDocument.ImageLabels)),
            ("text_lines", JsonPath.ListAt(RunDocument.TextLines)),
            ("text_analyses", JsonPath.ListAt(RunDocument.TextAnalyses)),
            ("started_at", JsonPath.ExecutionStartTime),
            ("finished_at", JsonPath.StateEnteredTime));
        foreach (var (key, value) in members ?? new Dictionary<string, object>())
        {
            fields[key] = value;
        }
        var build = new Pass(scope, name, new PassProps { Parameters = fields, ResultPath = RunDocument.Result });
        build.Next(writeResult ??= WriteResult());
        return build;
    }

    private CallAwsService WriteResult()
    {
        var write = Write("Write result", LakeLayout.AiResults, RunDocument.Result);
        Catch(write);
        write.Next(new Succeed(scope, "Done", new SucceedProps { OutputPath = RunDocument.Result }));
        return write;
    }

    /// <summary>
    /// A Pass recording what kind of input this is and how much of it is analyzed (a number or a path; the whole object
    /// when null), for the result document.
    /// </summary>
    public Pass Scope(string name, string type, bool truncated, object? analyzedBytes = null) => new(scope, name, new PassProps
    {
        Parameters = Fields(("type", type), ("truncated", truncated), ("analyzed_bytes", analyzedBytes ?? JsonPath.NumberAt(RunDocument.ObjectBytes))),
        ResultPath = RunDocument.Scope,
    });

    private CallAwsService Write(string name, string prefix, string documentPath)
    {
        var write = Call(scope, name, new ServiceCall
        {
            Service = "s3",
            Action = "putObject",
            IamAction = "s3:PutObject",
            IamResources = [lake.ArnForObjects(prefix + "*")],
            Parameters = Fields(
                ("Bucket", lake.BucketName),
                ("Key", JsonPath.Format(prefix + "{}.json", JsonPath.ExecutionName)),
                ("ContentType", "application/json"),
                ("Body", JsonPath.JsonToString(JsonPath.StringAt(documentPath)))),
            ResultPath = JsonPath.DISCARD,
        });
        RetryWrite(write);
        return write;
    }
}
