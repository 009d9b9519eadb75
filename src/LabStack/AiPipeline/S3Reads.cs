using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// The workflow's S3 reads (HeadObject, GetObject): retried like the AI calls, and S3's refusals that mean "the object
/// is gone" or "the object changed" recorded as such, every other error as it is.
/// </summary>
/// <remarks>
/// Step Functions names an S3 error by the SDK's exception class; S3's throttling (503 SlowDown), its 5xx answers, 403
/// and 412 all come as <c>S3.S3Exception</c> (only NoSuchKey and InvalidObjectState have classes of their own), so the
/// status code in the cause tells them apart, and a 403 or 412 is retried too before it is recorded.
/// S3's 503 SlowDown and 5xx are to be retried: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
/// </remarks>
public static class S3Reads
{
    /// <summary>S3 errors retried: the service's exception, which 503 SlowDown and 500 InternalError come as.</summary>
    public static readonly string[] TransientErrors = ["S3.S3Exception"];

    /// <summary>
    /// A read named <paramref name="name"/>, retried as <see cref="ServiceCalls"/> retries the AI calls; a 403 is recorded as
    /// <c>LabStack.ObjectGone</c>, a 412 (the If-Match ETag no longer matches) as <c>LabStack.ObjectReplaced</c>.
    /// </summary>
    public static CallAwsService Read(Construct scope, string name, ServiceCall call, RunOutcomes outcomes)
    {
        var read = Call(scope, name, call);
        RetryTransient(read, TransientErrors);
        read.AddCatch(new Choice(scope, name + ": why refused?")
            // HeadObject/GetObject: "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code
            // 403 Forbidden error" for a missing key; the role may not list the bucket.
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
            .When(Condition.StringMatches(RunDocument.ErrorCause, "*Status Code: 403*"), SaysS3(outcomes, name + ": gone", "LabStack.ObjectGone",
                "S3 answered 403 Forbidden: the object was deleted before the run read it, or the key is wrong (the workflow may not list " +
                "the bucket, so S3 does not answer 404 for a missing key)."))
            // GetObject IfMatch: "Return the object only if its entity tag (ETag) is the same as the one specified;
            // otherwise, return a 412 (precondition failed) error." https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
            .When(Condition.StringMatches(RunDocument.ErrorCause, "*Status Code: 412*"), SaysS3(outcomes, name + ": replaced", "LabStack.ObjectReplaced",
                "The object was overwritten while the run read it: this upload is gone, and the newer one has a run of its own."))
            .Otherwise(outcomes.RecordError),
            new CatchProps { Errors = ["S3.S3Exception"], ResultPath = RunDocument.Error });
        outcomes.Catch(read);
        return read;
    }

    /// <summary>The record of <paramref name="error"/>, whose cause is <paramref name="cause"/> and what S3 said.</summary>
    private static Pass SaysS3(RunOutcomes outcomes, string name, string error, string cause) =>
        outcomes.Record(name, error, JsonPath.Format(cause + " S3 said: {}", JsonPath.StringAt(RunDocument.ErrorCause)));
}
