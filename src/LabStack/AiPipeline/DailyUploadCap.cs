using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="DailyUploadCap"/>.</summary>
public sealed record DailyUploadCapProps
{
    /// <summary>Uploads analyzed (or, for another workflow, runs started) per UTC day.</summary>
    public required int MaxUploadsPerDay { get; init; }

    /// <summary>The counter's attribute in each day's item: what is counted (the MLOps module counts <c>runs</c>).</summary>
    public string Counted { get; init; } = "uploads";
}

/// <summary>
/// The bill guard for bulk uploads: a DynamoDB table (on demand, free while idle) with one counter per UTC day. Each
/// upload the workflow would analyze adds one to today's counter with a conditional update, atomic in DynamoDB, so
/// the count is exact however many runs start at once; the update that would pass the cap is refused, and that upload
/// is recorded as skipped without any AI call.
/// </summary>
public sealed class DailyUploadCap : Construct
{
    /// <summary>The counters (deleted with the stack; one small item a day).</summary>
    public Table Counters { get; }

    /// <summary>The cap.</summary>
    public int MaxUploadsPerDay { get; }

    /// <summary>What is counted (the counter's attribute).</summary>
    public string Counted { get; }

    public DailyUploadCap(Construct scope, string id, DailyUploadCapProps props) : base(scope, id)
    {
        (MaxUploadsPerDay, Counted) = (props.MaxUploadsPerDay, props.Counted);
        Counters = new Table(this, "Counters", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "day", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Suppress(Counters, new NagSuppression("AwsSolutions-DDB3",
            $"Daily {Counted.TrimEnd('s')} counters of a study lab: losing them only resets today's cap; point-in-time recovery would bill for nothing."));
    }

    /// <summary>
    /// The task that counts this upload against today's cap: it succeeds while the cap is not reached, and raises
    /// DynamoDb.ConditionalCheckFailedException once it is.
    /// </summary>
    public CallAwsService Count(Construct scope, string name) => Call(scope, name, new ServiceCall
    {
        Service = "dynamodb", Action = "updateItem", IamAction = "dynamodb:UpdateItem", IamResources = [Counters.TableArn],
        Parameters = Fields(
            ("TableName", Counters.TableName),
            // The run's start day (UTC), from its start time "2026-11-24T12:00:00.000Z".
            ("Key", Fields(("day", Fields(("S", JsonPath.ArrayGetItem(JsonPath.StringSplit(JsonPath.ExecutionStartTime, "T"), 0)))))),
            ("UpdateExpression", $"ADD {Counted} :one"),
            ("ConditionExpression", $"attribute_not_exists({Counted}) OR {Counted} < :cap"),
            ("ExpressionAttributeValues", Fields((":one", Fields(("N", "1"))), (":cap", Fields(("N", MaxUploadsPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture))))))),
        ResultPath = JsonPath.DISCARD,
    });
}
