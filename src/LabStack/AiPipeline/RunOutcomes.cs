using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using LabStack.DataLake;
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
    private readonly CatchProps toRecord = new() { Errors = [Errors.ALL], ResultPath = "$.error" };

    /// <summary>Builds the failure chain in <paramref name="scope"/> (the success chain is built per caller).</summary>
    public RunOutcomes(Construct scope, IBucket lake)
    {
        (this.scope, this.lake) = (scope, lake);
        RecordError = new Pass(scope, "Record error", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("bucket", JsonPath.StringAt("$.input.bucket")),
                ("object_key", JsonPath.StringAt("$.input.key")),
                ("error", JsonPath.StringAt("$.error.Error")),
                ("cause", JsonPath.StringAt("$.error.Cause")),
                ("failed_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.failure",
        });
        var failed = new Fail(scope, "Failed", new FailProps { ErrorPath = "$.failure.error", CausePath = "$.failure.cause" });
        var writeError = Write("Write error", LakeLayout.AiErrors, "$.failure");
        // The run still fails with the original error; its cause says the document is missing, and why.
        writeError.AddCatch(new Pass(scope, "Error document not written", new PassProps
        {
            Parameters = Fields(("error", JsonPath.StringAt("$.failure.error")), ("cause", JsonPath.Format("{} (no error document: writing it failed with {})",
                JsonPath.StringAt("$.failure.cause"), JsonPath.StringAt("$.write_failure.Error")))),
            ResultPath = "$.failure",
        }).Next(failed), new CatchProps { Errors = [Errors.ALL], ResultPath = "$.write_failure" });
        RecordError.Next(writeError).Next(failed);
    }

    /// <summary>The state that records <c>$.error</c> (Error, Cause) as the run's error document.</summary>
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
            ResultPath = "$.error",
        });
        refusal.Next(RecordError);
        return refusal;
    }

    /// <summary>The result document, written to the lake and returned as the execution's output.</summary>
    public IChainable ResultDocument(string name) => new Pass(scope, name, new PassProps
    {
        Parameters = Fields(
            ("execution", JsonPath.ExecutionName),
            ("bucket", JsonPath.StringAt("$.input.bucket")),
            ("object_key", JsonPath.StringAt("$.input.key")),
            ("input_type", JsonPath.StringAt("$.scope.type")),
            ("object_bytes", JsonPath.NumberAt("$.object.bytes")),
            ("analyzed_bytes", JsonPath.NumberAt("$.scope.analyzed_bytes")),
            ("truncated", JsonPath.StringAt("$.scope.truncated")),
            ("labels", JsonPath.ListAt("$.image.labels")),
            ("text_lines", JsonPath.ListAt("$.text.lines")),
            ("text_analyses", JsonPath.ListAt("$.text_analyses")),
            ("started_at", JsonPath.ExecutionStartTime),
            ("finished_at", JsonPath.StateEnteredTime)),
        ResultPath = "$.result",
    }).Next(WriteResult())
      .Next(new Succeed(scope, "Done", new SucceedProps { OutputPath = "$.result" }));

    private CallAwsService WriteResult()
    {
        var write = Write("Write result", LakeLayout.AiResults, "$.result");
        Catch(write);
        return write;
    }

    /// <summary>
    /// A Pass recording what kind of input this is and how much of it is analyzed (a number or a path; the whole object
    /// when null), for the result document.
    /// </summary>
    public Pass Scope(string name, string type, bool truncated, object? analyzedBytes, IChainable next)
    {
        var scopeState = new Pass(scope, name, new PassProps
        {
            Parameters = Fields(("type", type), ("truncated", truncated), ("analyzed_bytes", analyzedBytes ?? JsonPath.NumberAt("$.object.bytes"))),
            ResultPath = "$.scope",
        });
        scopeState.Next(next);
        return scopeState;
    }

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
