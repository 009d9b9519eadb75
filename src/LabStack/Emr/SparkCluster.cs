using System.Globalization;
using Amazon.CDK.AWS.EMR;
using Amazon.CDK.AWS.S3.Assets;
using static LabStack.Iam;

namespace LabStack.Emr;

/// <summary>Props for <see cref="SparkCluster"/>.</summary>
public sealed record SparkClusterProps
{
    /// <summary>Cluster name (EMR requires one): <see cref="EmrSettings.ClusterName"/>, so that a changed setting replaces the cluster.</summary>
    public required string Name { get; init; }

    /// <summary>The lake: Spark reads raw/, writes curated/, EMR writes its logs under logs/emr/.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database: Spark's and Hive's metastore.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>Where the cluster runs.</summary>
    public required LabNetwork Network { get; init; }

    /// <summary>EC2 instance type of every node.</summary>
    public required string InstanceType { get; init; }

    /// <summary>Core nodes; 0 runs everything on the primary node.</summary>
    public required int CoreNodes { get; init; }

    /// <summary>Idle minutes before EMR terminates the cluster.</summary>
    public required int IdleMinutes { get; init; }
}

/// <summary>
/// An EMR cluster with Spark and Hive on the Glue Data Catalog, created with its own service role (the v2 managed
/// policy, never EMR_DefaultRole) and instance role, logging to the lake, terminating itself when idle, without
/// termination protection. At launch it runs the lab's Spark exercise (assets/emr/feature_engineering.py) as a step.
/// </summary>
public sealed class SparkCluster : Construct
{
    /// <summary>The EMR release.</summary>
    public const string ReleaseLabel = "emr-7.13.0";

    /// <summary>Where Spark's output lands in the lake.</summary>
    public const string OutputPrefix = LakeLayout.Curated + "customer-features/";

    public CfnCluster Cluster { get; }

    /// <summary>The role of the cluster's nodes.</summary>
    public IRole InstanceRole { get; }

    /// <summary>EMR's service role.</summary>
    public IRole ServiceRole { get; }

    /// <summary>The Spark exercise script.</summary>
    public Asset Script { get; }

    /// <summary>The arguments of the exercise's step, for running it again.</summary>
    public IReadOnlyList<string> StepArgs { get; }

    /// <summary>The nodes' role and its access, EMR's service role, then the cluster that runs the exercise's step.</summary>
    public SparkCluster(Construct scope, string id, SparkClusterProps props) : base(scope, id)
    {
        Script = new Asset(this, "Script", new AssetProps { Path = LabPaths.Asset("emr", "feature_engineering.py") });
        var (instanceRole, nodeAccess) = ConfigureNodeRole(props);
        InstanceRole = instanceRole;
        var profile = new CfnInstanceProfile(this, "InstanceProfile", new CfnInstanceProfileProps { Roles = [instanceRole.RoleName] });
        var (serviceRole, passRole) = ConfigureServiceRole(instanceRole);
        ServiceRole = serviceRole;

        // Client mode: the driver runs in the step's own process, so what the script prints (the PCA variance) is in the
        // step's stdout log that exercise 3 reads, not in a YARN container's log.
        StepArgs = ["spark-submit", "--deploy-mode", "client", Script.S3ObjectUrl, "--lake-bucket", props.Lake.BucketName, "--database", props.DatabaseName];
        Cluster = ConfigureCluster(props, serviceRole.RoleName, profile.Ref);
        Cluster.Node.AddDependency(nodeAccess, passRole);
        Nag.Suppress(Cluster,
            new NagSuppression("AwsSolutions-EMR4", "Local disk encryption needs a security configuration and KMS key that bill while idle; the lab's data is a public sample."),
            new NagSuppression("AwsSolutions-EMR5", "In-transit encryption needs certificates managed outside the lab; the cluster has no inbound access from the internet."),
            new NagSuppression("AwsSolutions-EMR6", "No one logs in to the nodes: the exercise runs as steps, so there is no EC2 key pair or Kerberos to configure."));
    }

    /// <summary>The nodes read raw/ and the script, write curated/ and EMR's logs, and use the lab's Glue database.</summary>
    private (Role Role, Policy Access) ConfigureNodeRole(SparkClusterProps props)
    {
        var role = new Role(this, "InstanceRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = "EMR nodes of the ML study lab: the lake and the lab's Glue database",
        });
        string Glue(string resource) => GlueArn(this, resource);
        var access = Grant(this, "NodeAccess", role,
            "Spark reads and writes objects by generated names under raw/, curated/ and logs/emr/, and tables of the lab's database; " +
            "Spark's Hive client also looks up the 'default' database.",
            Allow(["s3:ListBucket", "s3:GetBucketLocation"], props.Lake.BucketArn),
            Allow(["s3:GetObject"], props.Lake.ArnForObjects(LakeLayout.Raw + "*"), Script.Bucket.ArnForObjects(Script.S3ObjectKey)),
            // "curated*" without the slash: EMRFS also writes the folder markers "curated_$folder$" beside the prefix
            // (https://repost.aws/knowledge-center/emr-s3-empty-files).
            Allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], props.Lake.ArnForObjects(LakeLayout.Curated.TrimEnd('/') + "*")),
            Allow(["s3:PutObject"], props.Lake.ArnForObjects(LakeLayout.Logs + "emr/*")),
            Allow(["glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
                    "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
                    "glue:CreatePartition", "glue:BatchCreatePartition", "glue:GetUserDefinedFunctions"],
                // Spark 3.5 looks up its global_temp database in the catalog before it overwrites a table (a missing database
                // is "not found"; a denied one fails the step): exercise 3 runs the step again over the existing table.
                Glue("catalog"), Glue("database/default"), Glue("database/global_temp"), Glue($"database/{props.DatabaseName}"), Glue($"table/{props.DatabaseName}/*"),
                Glue($"userDefinedFunction/{props.DatabaseName}/*"), Glue("userDefinedFunction/default/*")));
        return (role, access);
    }

    /// <summary>EMR's own role: the v2 managed policy, and passing the nodes' role to EC2 (the policy names only EMR_EC2_DefaultRole).</summary>
    private (Role Role, Policy PassRole) ConfigureServiceRole(IRole instanceRole)
    {
        var role = new Role(this, "ServiceRole", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.Emr),
            Description = "EMR service role of the ML study lab (v2 managed policy: acts only on resources tagged for EMR)",
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AmazonEMRServicePolicy_v2")],
        });
        var passRole = new Policy(this, "PassInstanceRole", new PolicyProps
        {
            Roles = [role],
            Statements = [PassRoleTo(instanceRole, "ec2.amazonaws.com", "StringLike")],
        });
        Nag.Suppress(role, new NagSuppression("AwsSolutions-IAM4",
            "AmazonEMRServicePolicy_v2 is the policy AWS maintains for EMR; it only acts on resources tagged for-use-with-amazon-emr-managed-policies.",
            Nag.ManagedPolicy("service-role/AmazonEMRServicePolicy_v2")));
        return (role, passRole);
    }

    /// <summary>Spark and Hive on the Glue catalog, idle auto-termination, no protection, the exercise as its first step.</summary>
    private CfnCluster ConfigureCluster(SparkClusterProps props, string serviceRole, string instanceProfile)
    {
        var glueMetastore = new Dictionary<string, string> { ["hive.metastore.client.factory.class"] = "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" };
        return new CfnCluster(this, "Cluster", new CfnClusterProps
        {
            Name = props.Name,
            ReleaseLabel = ReleaseLabel,
            Applications = new object[] { new CfnCluster.ApplicationProperty { Name = "Spark" }, new CfnCluster.ApplicationProperty { Name = "Hive" } },
            Configurations = new object[]
            {
                new CfnCluster.ConfigurationProperty { Classification = "spark-hive-site", ConfigurationProperties = glueMetastore },
                new CfnCluster.ConfigurationProperty { Classification = "hive-site", ConfigurationProperties = glueMetastore },
            },
            ServiceRole = serviceRole,
            JobFlowRole = instanceProfile,
            LogUri = props.Lake.S3UrlForObject(LakeLayout.Logs + "emr/"),
            VisibleToAllUsers = true,
            AutoTerminationPolicy = new CfnCluster.AutoTerminationPolicyProperty { IdleTimeout = props.IdleMinutes * 60L },
            Instances = new CfnCluster.JobFlowInstancesConfigProperty
            {
                Ec2SubnetId = props.Network.Subnet.SubnetId,
                EmrManagedMasterSecurityGroup = props.Network.PrimaryGroup.SecurityGroupId,
                EmrManagedSlaveSecurityGroup = props.Network.CoreGroup.SecurityGroupId,
                TerminationProtected = false,
                KeepJobFlowAliveWhenNoSteps = true, // stay up for more steps until the idle timeout ends it
                MasterInstanceGroup = new CfnCluster.InstanceGroupConfigProperty { InstanceCount = 1, InstanceType = props.InstanceType, Name = "Primary" },
                CoreInstanceGroup = props.CoreNodes > 0
                    ? new CfnCluster.InstanceGroupConfigProperty { InstanceCount = props.CoreNodes, InstanceType = props.InstanceType, Name = "Core" }
                    : null,
            },
            Steps = new object[]
            {
                new CfnCluster.StepConfigProperty
                {
                    Name = "Feature engineering (lab exercise)",
                    ActionOnFailure = "CONTINUE",
                    HadoopJarStep = new CfnCluster.HadoopJarStepConfigProperty { Jar = "command-runner.jar", Args = StepArgs.ToArray() },
                },
            },
            Tags =
            [
                new CfnTag { Key = "auto-terminate-idle-minutes", Value = props.IdleMinutes.ToString(CultureInfo.InvariantCulture) },
                // AmazonEMRServicePolicy_v2 creates launch templates, instances and volumes only with this request tag, which EMR
                // passes on from the cluster's own tags (the subnet's and groups' tags are not enough):
                // https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html (facts: rules, emr-v2-policy-tag).
                new CfnTag { Key = LabNetwork.EmrPolicyTag, Value = "true" },
            ],
        });
    }
}
