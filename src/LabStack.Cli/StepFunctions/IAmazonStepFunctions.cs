using Amazon.StepFunctions.Model;

namespace Amazon.StepFunctions;

/// <summary>
/// The part of Step Functions' API the <c>lab</c> command calls. AWSSDK.StepFunctions is not on this project's NuGet
/// source, so this folder holds the smallest client the commands need, on AWSSDK.Core (credentials, region, SigV4).
/// Its namespaces, type, method and member names are AWSSDK.StepFunctions' own: to move to the package, add
/// <c>&lt;PackageReference Include="AWSSDK.StepFunctions" /&gt;</c>, delete this folder, and construct the package's client
/// in LabClients as the S3 one is (credentials and a config); every caller compiles as it is. The same holds for the
/// clients in Services/.
/// </summary>
public interface IAmazonStepFunctions : IDisposable
{
    /// <summary>ListExecutions: a state machine's executions, newest first.</summary>
    Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeExecution: one execution's status, input, output, error and cause.</summary>
    Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>StartExecution: starts a state machine with an input (JSON text).</summary>
    Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default);
}

/// <summary>An execution's status, as AWSSDK.StepFunctions' <c>ExecutionStatus</c> constants.</summary>
public sealed class ExecutionStatus(string value) : IEquatable<ExecutionStatus>
{
    /// <summary>Running.</summary>
    public static readonly ExecutionStatus RUNNING = new("RUNNING");

    /// <summary>Succeeded.</summary>
    public static readonly ExecutionStatus SUCCEEDED = new("SUCCEEDED");

    /// <summary>Failed.</summary>
    public static readonly ExecutionStatus FAILED = new("FAILED");

    /// <summary>Timed out.</summary>
    public static readonly ExecutionStatus TIMED_OUT = new("TIMED_OUT");

    /// <summary>Aborted.</summary>
    public static readonly ExecutionStatus ABORTED = new("ABORTED");

    /// <summary>The status as the API writes it.</summary>
    public string Value { get; } = value;

    /// <inheritdoc/>
    public bool Equals(ExecutionStatus? other) => other is not null && other.Value == Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ExecutionStatus);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Equal statuses.</summary>
    public static bool operator ==(ExecutionStatus? a, ExecutionStatus? b) => a?.Equals(b) ?? b is null;

    /// <summary>Different statuses.</summary>
    public static bool operator !=(ExecutionStatus? a, ExecutionStatus? b) => !(a == b);
}

/// <summary>An error Step Functions returned (its code, e.g. ExecutionDoesNotExist, and message).</summary>
public sealed class AmazonStepFunctionsException(string errorCode, string message, System.Net.HttpStatusCode statusCode) : Exception(message)
{
    /// <summary>The error's name.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status.</summary>
    public System.Net.HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The IAM action of the call (<c>states:ListExecutions</c>), named when it is refused.</summary>
    public string Action { get; init; } = "states:*";

    /// <summary>The request id AWS gave the refused call, when it gave one.</summary>
    public string? RequestId { get; init; }
}
