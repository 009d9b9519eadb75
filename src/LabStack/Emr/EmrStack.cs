namespace LabStack.Emr;

/// <summary>
/// The <c>emr</c> module: a lab VPC without NAT, a Spark cluster on the Glue catalog that runs the feature-engineering
/// exercise and terminates itself when idle, and the cleanup that lets <c>cdk destroy</c> delete EMR's security groups.
/// </summary>
public sealed class EmrStack : LabModuleStack
{
    public LabNetwork Network { get; }

    /// <summary>Revokes EMR's rules between its security groups on delete.</summary>
    public SecurityGroupCleanup Cleanup { get; }

    /// <summary>The cluster.</summary>
    public SparkCluster Spark { get; }

    public EmrStack(Construct scope, string id, LakeModuleStackProps<EmrSettings> props) : base(scope, id, props)
    {
        Network = new LabNetwork(this, "Network");
        Cleanup = new SecurityGroupCleanup(this, "SecurityGroupCleanup", new SecurityGroupCleanupProps
        {
            Groups = [Network.PrimaryGroup, Network.CoreGroup],
        });
        var settings = props.Settings;
        Spark = new SparkCluster(this, "Spark", new SparkClusterProps
        {
            Name = settings.ClusterName(props.LabName),
            Lake = props.Lake.Bucket,
            DatabaseName = props.Lake.DatabaseName,
            Network = Network,
            InstanceType = settings.InstanceType,
            CoreNodes = settings.CoreNodes,
            IdleMinutes = settings.IdleMinutes,
        });
        // Deleted in this order: cluster, then the cleanup (revoking EMR's rules), then the security groups.
        Spark.Cluster.Node.AddDependency(Cleanup.Resource);

        var stepArgs = string.Join(",", Spark.StepArgs);
        Output("ClusterId", Spark.Cluster.Ref, $"EMR cluster; it terminates itself after {settings.IdleMinutes} idle minutes");
        Output("AddStepAgain",
            $"aws emr add-steps --cluster-id {Spark.Cluster.Ref} --steps Type=CUSTOM_JAR,Name=FeatureEngineering,ActionOnFailure=CONTINUE,Jar=command-runner.jar,Args=[{stepArgs}]",
            "Run the Spark exercise again on a running cluster");
        Output("OutputLocation", props.Lake.Bucket.S3UrlForObject(SparkCluster.OutputPrefix), "Spark's Parquet output; Athena table customer_features in the lab database");
        // --exclusively deploys this stack alone (the CLI would otherwise include DataLake); no -c modules, so the
        // command is safe on a fully deployed lab.
        Output("FreshCluster", $"npx cdk deploy {StackName} --exclusively -c labName={props.LabName} -c emrRun={settings.NextRun}",
            "After the cluster has terminated: deploy a new one (add any other -c settings you deployed with)");
    }
}
