using System.Text.Json.Nodes;
using Amazon.StepFunctions.Model;

namespace Amazon.StepFunctions;

/// <summary>
/// The Step Functions calls the <c>lab</c> command makes, over the service's JSON 1.0 protocol, through the lab's one
/// signed client (<see cref="LabStack.Cli.Aws.SignedAwsClient"/>: SigV4 with the session token, throttling and 5xx retried).
/// See <see cref="IAmazonStepFunctions"/> for why this exists and how to replace it.
/// </summary>
public sealed class AmazonStepFunctionsClient(LabStack.Cli.Aws.SignedAwsClient aws) : IAmazonStepFunctions
{
    /// <inheritdoc/>
    public async Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["stateMachineArn"] = request.StateMachineArn };
        if (request.MaxResults is int max) body["maxResults"] = max;
        if (request.StatusFilter is not null) body["statusFilter"] = request.StatusFilter.Value;
        if (request.NextToken is not null) body["nextToken"] = request.NextToken;
        var json = await CallAsync("ListExecutions", body, cancellationToken).ConfigureAwait(false);
        // Fields of another type than the API's read as absent: an item without its ARN is skipped by the commands.
        return new ListExecutionsResponse
        {
            Executions = (json["executions"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new ExecutionListItem
            {
                ExecutionArn = Text(e["executionArn"]),
                Name = Text(e["name"]),
                Status = Status(e["status"]),
                StartDate = Date(e["startDate"]),
                StopDate = Date(e["stopDate"]),
            }).ToList(),
            NextToken = Text(json["nextToken"]),
        };
    }

    /// <inheritdoc/>
    public async Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = request.ExecutionArn }, cancellationToken).ConfigureAwait(false);
        return new DescribeExecutionResponse
        {
            ExecutionArn = Text(json["executionArn"]),
            Name = Text(json["name"]),
            Status = Status(json["status"]),
            StartDate = Date(json["startDate"]),
            StopDate = Date(json["stopDate"]),
            Input = Text(json["input"]),
            Output = Text(json["output"]),
            Error = Text(json["error"]),
            Cause = Text(json["cause"]),
        };
    }

    /// <inheritdoc/>
    public async Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["stateMachineArn"] = request.StateMachineArn, ["input"] = request.Input };
        if (request.Name is not null) body["name"] = request.Name;
        var json = await CallAsync("StartExecution", body, cancellationToken).ConfigureAwait(false);
        return new StartExecutionResponse { ExecutionArn = (string?)json["executionArn"], StartDate = Date(json["startDate"]) };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The signed client is the lab's, shared with the other services: LabClients disposes it.
    }

    /// <summary>One call through the lab's signed client; an error answer is an <see cref="AmazonStepFunctionsException"/>, as the SDK's.</summary>
    private async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            return await aws.JsonAsync(LabStack.Cli.Aws.AwsService.StepFunctions, operation, body, cancellationToken).ConfigureAwait(false);
        }
        catch (LabStack.Cli.Aws.AwsCallException error)
        {
            throw new AmazonStepFunctionsException(error.ErrorCode, error.Message, error.StatusCode) { Action = error.Action, RequestId = error.RequestId };
        }
    }

    private static ExecutionStatus? Status(JsonNode? node) => Text(node) is string status ? new ExecutionStatus(status) : null;

    private static string? Text(JsonNode? node) => LabStack.Cli.Aws.SignedAwsClient.Text(node);

    /// <summary>An epoch-seconds date; null when absent, not a number, or outside DateTime's years (which would throw).</summary>
    private static DateTime? Date(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var seconds) && seconds is >= 0 and < 253402300800
        ? DateTime.UnixEpoch.AddSeconds(seconds)
        : null;

}
