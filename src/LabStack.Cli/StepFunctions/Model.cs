namespace Amazon.StepFunctions.Model;

/// <summary>ListExecutions' input.</summary>
public sealed class ListExecutionsRequest
{
    /// <summary>The state machine.</summary>
    public string? StateMachineArn { get; set; }

    /// <summary>At most this many (1 to 1000).</summary>
    public int? MaxResults { get; set; }

    /// <summary>Only executions with this status.</summary>
    public ExecutionStatus? StatusFilter { get; set; }

    /// <summary>The page after the previous response's.</summary>
    public string? NextToken { get; set; }
}

/// <summary>ListExecutions' output.</summary>
public sealed class ListExecutionsResponse
{
    /// <summary>The executions, newest first.</summary>
    public List<ExecutionListItem> Executions { get; set; } = [];

    /// <summary>Set when there are more.</summary>
    public string? NextToken { get; set; }
}

/// <summary>One execution in a list.</summary>
public sealed class ExecutionListItem
{
    /// <summary>Its ARN.</summary>
    public string? ExecutionArn { get; set; }

    /// <summary>Its name.</summary>
    public string? Name { get; set; }

    /// <summary>Its status.</summary>
    public ExecutionStatus? Status { get; set; }

    /// <summary>When it started.</summary>
    public DateTime? StartDate { get; set; }

    /// <summary>When it stopped (null while running).</summary>
    public DateTime? StopDate { get; set; }
}

/// <summary>DescribeExecution's input.</summary>
public sealed class DescribeExecutionRequest
{
    /// <summary>The execution.</summary>
    public string? ExecutionArn { get; set; }
}

/// <summary>DescribeExecution's output.</summary>
public sealed class DescribeExecutionResponse
{
    /// <summary>Its ARN.</summary>
    public string? ExecutionArn { get; set; }

    /// <summary>Its name.</summary>
    public string? Name { get; set; }

    /// <summary>Its status.</summary>
    public ExecutionStatus? Status { get; set; }

    /// <summary>When it started.</summary>
    public DateTime? StartDate { get; set; }

    /// <summary>When it stopped.</summary>
    public DateTime? StopDate { get; set; }

    /// <summary>Its input (JSON text).</summary>
    public string? Input { get; set; }

    /// <summary>Its output (JSON text), when it succeeded.</summary>
    public string? Output { get; set; }

    /// <summary>The error, when it failed.</summary>
    public string? Error { get; set; }

    /// <summary>The cause, when it failed.</summary>
    public string? Cause { get; set; }
}

/// <summary>StartExecution's input.</summary>
public sealed class StartExecutionRequest
{
    /// <summary>The state machine.</summary>
    public string? StateMachineArn { get; set; }

    /// <summary>The execution's input (JSON text).</summary>
    public string? Input { get; set; }

    /// <summary>The execution's name; null lets Step Functions make one.</summary>
    public string? Name { get; set; }
}

/// <summary>StartExecution's output.</summary>
public sealed class StartExecutionResponse
{
    /// <summary>The new execution.</summary>
    public string? ExecutionArn { get; set; }

    /// <summary>When it started.</summary>
    public DateTime? StartDate { get; set; }
}
