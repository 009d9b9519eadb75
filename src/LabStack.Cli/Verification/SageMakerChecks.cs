using System.Text;
using System.Text.Json.Nodes;
using Amazon.SageMaker;
using Amazon.SageMaker.Model;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Verification;

/// <summary>
/// SageMaker: the notebook reached InService or Stopped and its last start failed for no reason (its lifecycle script
/// ran); the sentiment endpoint answers a request when endpointMode is serverless or realtime (the stack writes its
/// EndpointName output), and no such endpoint exists when it is none.
/// </summary>
public static class SageMakerChecks
{
    /// <summary>What the check asks the endpoint, as the stack's InvokeEndpoint output does, and the label it must answer.</summary>
    public const string Request = """{"inputs":"I love this lab"}""", ExpectedLabel = "POSITIVE";

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("sagemaker", "notebook ready, its lifecycle script ran", CheckPrice.Free, () => NotebookAsync(lab));
        yield return lab.Output("SageMaker", "EndpointName") is string endpoint
            ? new Check("sagemaker", "sentiment endpoint answers a request", InvokePrice, () => InvokeAsync(lab, endpoint))
            : new Check("sagemaker", "no sentiment endpoint (endpointMode none)", CheckPrice.Free, () => AbsentAsync(lab));
    }

    /// <summary>
    /// One invocation: serverless bills its compute time, a fraction of a cent for one short request; real-time bills its
    /// instance hours whether called or not (https://aws.amazon.com/sagemaker/pricing/), which lab status shows.
    /// </summary>
    public static readonly CheckPrice InvokePrice = new(0, "under $0.001: one serverless invocation's compute seconds (real-time: the instance hours lab status shows)");

    private static async Task<Verdict> NotebookAsync(VerifyContext lab)
    {
        var name = lab.Require("SageMaker", "NotebookName");
        var notebook = await new AmazonSageMakerClient(lab.Clients.Aws).DescribeNotebookInstanceAsync(new DescribeNotebookInstanceRequest { NotebookInstanceName = name }).ConfigureAwait(false);
        var status = notebook.NotebookInstanceStatus ?? "?";
        return status is "InService" or "Stopped" && string.IsNullOrEmpty(notebook.FailureReason)
            ? Verdict.Pass($"{name} {status}, no failure reason")
            : Verdict.Fail($"{name} InService or Stopped without a failure reason", $"{status}{(string.IsNullOrEmpty(notebook.FailureReason) ? "" : ": " + notebook.FailureReason)}",
                "a lifecycle script that fails stops the start: its log is in CloudWatch (/aws/sagemaker/NotebookInstances)");
    }

    private static async Task<Verdict> InvokeAsync(VerifyContext lab, string endpoint)
    {
        var answer = await lab.Clients.Aws.PayloadAsync(AwsService.SageMakerRuntime, "InvokeEndpoint", $"/endpoints/{Uri.EscapeDataString(endpoint)}/invocations",
            "application/json", Encoding.UTF8.GetBytes(Request)).ConfigureAwait(false);
        var label = Label(answer);
        return label == ExpectedLabel
            ? Verdict.Pass($"{endpoint} answered {label} for \"I love this lab\"")
            : Verdict.Fail($"{endpoint} to answer {ExpectedLabel}", answer.Length > 120 ? answer[..117] + "..." : answer,
                "the model may still be loading (a first serverless call can time out): run lab verify --modules sagemaker again");
    }

    /// <summary>The first label of a text-classification answer (<c>[{"label": ..., "score": ...}]</c>), or null.</summary>
    public static string? Label(string answer)
    {
        try
        {
            return JsonNode.Parse(answer) is JsonArray { Count: > 0 } list && list[0] is JsonObject first ? SignedAwsClient.Text(first["label"]) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<Verdict> AbsentAsync(VerifyContext lab)
    {
        var endpoints = await Commands.Status.LabEndpointsAsync(new AmazonSageMakerClient(lab.Clients.Aws), lab.Lab).ConfigureAwait(false);
        var sentiment = endpoints.Where(e => e.Name.StartsWith($"{lab.Lab}-sentiment-", StringComparison.Ordinal)).Select(e => $"{e.Name} ({e.Status})").ToList();
        return sentiment.Count == 0
            ? Verdict.Pass("endpointMode none: no sentiment endpoint, and none left over")
            : Verdict.Fail("no sentiment endpoint", string.Join(", ", sentiment), "it bills: lab stop deletes it, or deploy the SageMaker stack again");
    }
}
