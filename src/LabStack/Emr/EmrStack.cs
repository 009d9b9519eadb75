using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace LabStack.Emr;

/// <summary>Props for <see cref="EmrStack"/>.</summary>
public sealed class EmrStackProps : StackProps
{
    /// <summary>The lake Spark works on.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The lab name (the cluster is named after it).</summary>
    public required string LabName { get; init; }

    /// <summary>EC2 instance type of the nodes.</summary>
    public required string InstanceType { get; init; }

    /// <summary>Core nodes (0: primary only).</summary>
    public required int CoreNodes { get; init; }

    /// <summary>Idle minutes before the cluster ends itself.</summary>
    public required int IdleMinutes { get; init; }

    /// <summary>Cluster generation: raising it replaces the cluster.</summary>
    public required int Run { get; init; }
}

/// <summary>
/// The <c>emr</c> module: a lab VPC without NAT, a Spark cluster on the Glue catalog that runs the feature-engineering
/// exercise and terminates itself when idle, and the cleanup that lets <c>cdk destroy</c> delete EMR's security groups.
/// </summary>
public sealed class EmrStack : LabModuleStack
{
    /// <summary>The network.</summary>
    public LabNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public SparkCluster Spark { get; }

    public EmrStack(Construct scope, string id, EmrStackProps props) : base(scope, id, props)
    {
        Network = new LabNetwork(this, "Network");
        var cleanup = new SecurityGroupCleanup(this, "SecurityGroupCleanup", new SecurityGroupCleanupProps
        {
            Groups = [Network.PrimaryGroup, Network.CoreGroup],
        });
        Spark = new SparkCluster(this, "Spark", new SparkClusterProps
        {
            Name = $"{props.LabName}-spark-{props.Run}",
            Lake = props.Lake,
            DatabaseName = props.DatabaseName,
            Network = Network,
            InstanceType = props.InstanceType,
            CoreNodes = props.CoreNodes,
            IdleMinutes = props.IdleMinutes,
        });
        // Deleted in this order: cluster, then the cleanup (revoking EMR's rules), then the security groups.
        Spark.Cluster.Node.AddDependency(cleanup.Resource);

        var stepArgs = string.Join(",", Spark.StepArgs);
        Output("ClusterId", Spark.Cluster.Ref, $"EMR cluster; it terminates itself after {props.IdleMinutes} idle minutes");
        Output("AddStepAgain",
            $"aws emr add-steps --cluster-id {Spark.Cluster.Ref} --steps Type=CUSTOM_JAR,Name=FeatureEngineering,ActionOnFailure=CONTINUE,Jar=command-runner.jar,Args=[{stepArgs}]",
            "Run the Spark exercise again on a running cluster");
        Output("OutputLocation", props.Lake.S3UrlForObject(SparkCluster.OutputPrefix), "Spark's Parquet output; Athena table customer_features in the lab database");
        // --exclusively deploys this stack alone (the CLI would otherwise include DataLake); no -c modules, so the
        // command is safe on a fully deployed lab.
        Output("FreshCluster", $"npx cdk deploy {StackName} --exclusively -c labName={props.LabName} -c emrRun={props.Run + 1}",
            "After the cluster has terminated: deploy a new one (add any other -c settings you deployed with)");
    }
}
