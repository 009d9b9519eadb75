using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// A deployed lab as the fakes answer for it (its outputs file, its stacks, its notebook, endpoints, cluster, stream, Glue
/// job runs, clock and daily-cap counter), in the APIs' shapes, with every list paged. Tests change what they look at.
/// </summary>
public sealed class FakeLab
{
    /// <summary>The clock's state machine.</summary>
    public const string ClockArn = "arn:aws:states:us-east-1:123456789012:stateMachine:mllab-expiry-clock";

    /// <summary>Stacks of the region: the lab's and another app's.</summary>
    public List<(string Name, string Status)> Stacks { get; } =
    [
        ("other-app", "CREATE_COMPLETE"), ("mllab-Expiry", "UPDATE_COMPLETE"), ("mllab-DataLake", "UPDATE_COMPLETE"), ("mllab-Streaming", "CREATE_COMPLETE"),
        ("mllab-Emr", "UPDATE_ROLLBACK_COMPLETE"), ("mllab-SageMaker", "CREATE_COMPLETE"), ("mllab-AiPipeline", "CREATE_COMPLETE"),
    ];

    /// <summary>The notebook's status and type.</summary>
    public (string Status, string Type) Notebook { get; set; } = ("InService", "ml.t3.medium");

    /// <summary>The endpoints: name, status, and either an instance type and count or serverless (null type).</summary>
    public List<(string Name, string Status, string? Type, int Count)> Endpoints { get; } =
    [
        ("mllab-sentiment-serverless", "InService", null, 0), ("mllab--nb-xgb-1", "InService", "ml.m5.large", 1), ("mllab2-endpoint", "InService", "ml.m5.large", 1),
    ];

    /// <summary>The cluster's state and its groups' running nodes.</summary>
    public string ClusterState { get; set; } = "WAITING";

    /// <summary>The cluster's name: the lab's current naming carries every setting.</summary>
    public string ClusterName { get; set; } = "mllab-spark-1-m5.xlarge-0core-60min";

    /// <summary>Instance groups: type, EC2 type, running nodes.</summary>
    public List<(string Group, string Type, int Running)> Groups { get; } = [("MASTER", "m5.xlarge", 1), ("CORE", "m5.xlarge", 0)];

    /// <summary>Open shards.</summary>
    public int Shards { get; set; } = 1;

    /// <summary>Glue job runs: id, state, workers (G.1X).</summary>
    public List<(string Id, string State, int Workers)> JobRuns { get; } = [("jr_running", "RUNNING", 2), ("jr_done", "SUCCEEDED", 10)];

    /// <summary>Today's uploads.</summary>
    public int Uploads { get; set; } = 7;

    /// <summary>Whether a clock runs.</summary>
    public bool ClockRunning { get; set; } = true;

    /// <summary>The outputs a full deploy writes, into <paramref name="folder"/>.</summary>
    public static void WriteOutputs(string folder) => File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), new JsonObject
    {
        ["mllab-Expiry"] = new JsonObject { ["ClockArn"] = ClockArn, ["ExpireAfterHours"] = "24", ["StackId"] = "arn:aws:cloudformation:us-east-1:123456789012:stack/mllab-Expiry/1" },
        ["mllab-DataLake"] = new JsonObject { ["LakeBucketName"] = "mllab-lake", ["StartGlueJob"] = "aws glue start-job-run --job-name mllab-features" },
        ["mllab-Streaming"] = new JsonObject { ["StreamName"] = "mllab-events" },
        ["mllab-Emr"] = new JsonObject { ["ClusterId"] = "j-LAB0001", ["FreshCluster"] = "npx cdk deploy mllab-Emr --exclusively -c labName=mllab -c emrRun=2" },
        ["mllab-SageMaker"] = new JsonObject { ["NotebookName"] = "mllab-notebook", ["EndpointName"] = "mllab-sentiment-serverless" },
        ["mllab-AiPipeline"] = new JsonObject { ["StateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:mllab-pipeline", ["MaxUploadsPerDay"] = "200" },
    }.ToJsonString());

    /// <summary>
    /// Adds the Flink module to a lab <see cref="AnswerOn"/> scripts: its stack, its output in <paramref name="folder"/>'s
    /// outputs file, and Kinesis Analytics describing its Studio notebook (parallelism 2, one KPU each) in
    /// <paramref name="status"/> and answering StopApplication.
    /// </summary>
    public void AddFlink(FakeAws aws, string folder, string status)
    {
        var outputs = Path.Combine(folder, "cdk-outputs.json");
        var file = JsonNode.Parse(File.ReadAllText(outputs))!.AsObject();
        file["mllab-Flink"] = new JsonObject { ["NotebookApplicationName"] = "mllab-flink-studio" };
        File.WriteAllText(outputs, file.ToJsonString());
        Stacks.Add(("mllab-Flink", "CREATE_COMPLETE"));
        aws.On("kinesisanalyticsv2", "DescribeApplication", input => FakeAws.Answer.Ok(FlinkApplication((string?)input["ApplicationName"], status)));
        aws.On("kinesisanalyticsv2", "StopApplication", _ => FakeAws.Answer.Ok(new JsonObject()));
    }

    /// <summary>Kinesis Analytics' DescribeApplication answer for the lab's Studio notebook <paramref name="name"/> in <paramref name="status"/> (parallelism 2, one KPU each).</summary>
    public static JsonObject FlinkApplication(string? name, string status) => new()
    {
        ["ApplicationDetail"] = new JsonObject
        {
            ["ApplicationARN"] = "arn:aws:kinesisanalytics:us-east-1:123456789012:application/mllab-flink-studio", ["ApplicationName"] = name,
            ["RuntimeEnvironment"] = "ZEPPELIN-FLINK-3_0", ["ApplicationMode"] = "INTERACTIVE", ["ApplicationStatus"] = status, ["ApplicationVersionId"] = 1,
            ["ApplicationConfigurationDescription"] = new JsonObject
            {
                ["FlinkApplicationConfigurationDescription"] = new JsonObject
                {
                    ["ParallelismConfigurationDescription"] = new JsonObject
                    {
                        ["ConfigurationType"] = "CUSTOM", ["Parallelism"] = 2, ["ParallelismPerKPU"] = 1, ["CurrentParallelism"] = 2, ["AutoScalingEnabled"] = false,
                    },
                },
            },
        },
    };

    /// <summary>Scripts <paramref name="aws"/>'s answers from this lab.</summary>
    public void AnswerOn(FakeAws aws)
    {
        aws.On("cloudformation", "DescribeStacks", input => Page(input, "NextToken", 2, Stacks, s => new JsonObject
        {
            ["StackId"] = $"arn:aws:cloudformation:us-east-1:123456789012:stack/{s.Name}/1", ["StackName"] = s.Name,
            ["CreationTime"] = "2026-12-01T12:00:00Z", ["StackStatus"] = s.Status,
        }, "Stacks"));
        aws.On("cloudformation", "DescribeStackResource", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["StackResourceDetail"] = new JsonObject
            {
                ["StackName"] = (string?)input["StackName"], ["LogicalResourceId"] = (string?)input["LogicalResourceId"],
                ["PhysicalResourceId"] = "mllab-AiPipeline-UploadCapCountersAD6E6D41-1ABC", ["ResourceType"] = "AWS::DynamoDB::Table",
                ["LastUpdatedTimestamp"] = "2026-12-01T12:00:00Z", ["ResourceStatus"] = "CREATE_COMPLETE",
            },
        }));
        aws.On("sagemaker", "DescribeNotebookInstance", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["NotebookInstanceArn"] = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/mllab-notebook", ["NotebookInstanceName"] = (string?)input["NotebookInstanceName"],
            ["NotebookInstanceStatus"] = Notebook.Status, ["InstanceType"] = Notebook.Type,
        }));
        aws.On("sagemaker", "ListEndpoints", input => Page(input, "NextToken", 1,
            Endpoints.Where(e => e.Name.Contains((string?)input["NameContains"] ?? "", StringComparison.Ordinal)).ToList(), e => new JsonObject
            {
                ["EndpointName"] = e.Name, ["EndpointArn"] = $"arn:aws:sagemaker:us-east-1:123456789012:endpoint/{e.Name}",
                ["CreationTime"] = 1764590400.0, ["LastModifiedTime"] = 1764590400.0, ["EndpointStatus"] = e.Status,
            }, "Endpoints"));
        aws.On("sagemaker", "DescribeEndpoint", input =>
        {
            var e = Endpoints.Single(x => x.Name == (string?)input["EndpointName"]);
            return FakeAws.Answer.Ok(new JsonObject
            {
                ["EndpointName"] = e.Name, ["EndpointArn"] = $"arn:aws:sagemaker:us-east-1:123456789012:endpoint/{e.Name}", ["EndpointConfigName"] = e.Name + "-config",
                ["EndpointStatus"] = e.Status, ["CreationTime"] = 1764590400.0, ["LastModifiedTime"] = 1764590400.0,
            });
        });
        aws.On("sagemaker", "DescribeEndpointConfig", input =>
        {
            var e = Endpoints.Single(x => x.Name + "-config" == (string?)input["EndpointConfigName"]);
            var variant = new JsonObject { ["VariantName"] = "AllTraffic", ["ModelName"] = e.Name + "-model" };
            if (e.Type is null)
            {
                variant["ServerlessConfig"] = new JsonObject { ["MemorySizeInMB"] = 3072, ["MaxConcurrency"] = 5 };
            }
            else
            {
                (variant["InstanceType"], variant["InitialInstanceCount"]) = (e.Type, e.Count);
            }
            return FakeAws.Answer.Ok(new JsonObject
            {
                ["EndpointConfigName"] = e.Name + "-config", ["EndpointConfigArn"] = $"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/{e.Name}-config",
                ["ProductionVariants"] = new JsonArray(variant), ["CreationTime"] = 1764590400.0,
            });
        });
        aws.On("emr", "DescribeCluster", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["Cluster"] = new JsonObject { ["Id"] = (string?)input["ClusterId"], ["Name"] = ClusterName, ["Status"] = new JsonObject { ["State"] = ClusterState } },
        }));
        aws.On("emr", "ListInstanceGroups", input => Page(input, "Marker", 1, Groups, g => new JsonObject
        {
            ["Id"] = "ig-" + g.Group, ["InstanceGroupType"] = g.Group, ["InstanceType"] = g.Type, ["RequestedInstanceCount"] = g.Running, ["RunningInstanceCount"] = g.Running,
        }, "InstanceGroups"));
        aws.On("sagemaker", "StopNotebookInstance", _ => FakeAws.Answer.Ok(new JsonObject()));
        aws.On("sagemaker", "DeleteEndpoint", _ => FakeAws.Answer.Ok(new JsonObject()));
        aws.On("emr", "TerminateJobFlows", _ => FakeAws.Answer.Ok(new JsonObject()));
        aws.On("kinesis", "DescribeStreamSummary", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["StreamDescriptionSummary"] = new JsonObject
            {
                ["StreamName"] = (string?)input["StreamName"], ["StreamARN"] = "arn:aws:kinesis:us-east-1:123456789012:stream/mllab-events", ["StreamStatus"] = "ACTIVE",
                ["StreamModeDetails"] = new JsonObject { ["StreamMode"] = "PROVISIONED" }, ["RetentionPeriodHours"] = 24, ["StreamCreationTimestamp"] = 1764590400.0,
                ["EnhancedMonitoring"] = new JsonArray(), ["OpenShardCount"] = Shards,
            },
        }));
        aws.On("glue", "GetJobRuns", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["JobRuns"] = new JsonArray(JobRuns.Select(r => (JsonNode)new JsonObject
            {
                ["Id"] = r.Id, ["JobName"] = (string?)input["JobName"], ["JobRunState"] = r.State, ["WorkerType"] = "G.1X", ["NumberOfWorkers"] = r.Workers,
            }).ToArray()),
        }));
        aws.On("states", "ListExecutions", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["executions"] = ClockRunning
                ? new JsonArray(new JsonObject
                {
                    ["executionArn"] = $"{ClockArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal)}:extend", ["stateMachineArn"] = ClockArn,
                    ["name"] = "extend", ["status"] = "RUNNING", ["startDate"] = 1764590400.0,
                })
                : new JsonArray(),
        }));
        aws.On("states", "DescribeExecution", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["executionArn"] = (string?)input["executionArn"], ["stateMachineArn"] = ClockArn, ["name"] = "extend", ["status"] = "RUNNING",
            ["startDate"] = 1764590400.0, ["input"] = """{"detail-type":"CloudFormation Stack Status Change","expire_after_hours":72}""",
        }));
        aws.On("dynamodb", "GetItem", input => FakeAws.Answer.Ok(Uploads == 0 ? new JsonObject() : new JsonObject
        {
            ["Item"] = new JsonObject { ["day"] = input["Key"]!["day"]!.DeepClone(), ["uploads"] = new JsonObject { ["N"] = Uploads.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        }));
    }

    /// <summary>One page of <paramref name="items"/>: <paramref name="size"/> of them from the token's position, a token for the rest.</summary>
    private static FakeAws.Answer Page<T>(JsonObject input, string tokenName, int size, IReadOnlyList<T> items, Func<T, JsonObject> item, string listName)
    {
        var start = input[tokenName] is JsonNode token ? int.Parse((string)token!, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var answer = new JsonObject { [listName] = new JsonArray(items.Skip(start).Take(size).Select(i => (JsonNode)item(i)).ToArray()) };
        if (start + size < items.Count)
        {
            answer[tokenName] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return FakeAws.Answer.Ok(answer);
    }
}
