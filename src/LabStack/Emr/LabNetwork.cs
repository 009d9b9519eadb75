using Amazon.CDK.AWS.EC2;

namespace LabStack.Emr;

/// <summary>
/// A small VPC for the EMR cluster: one public subnet, an S3 gateway endpoint (free; S3 traffic stays off the
/// internet), no NAT gateway (it bills around the clock), and two EMR-managed security groups with no inbound rule.
/// Subnet and groups carry the tag the EMR v2 managed service policy requires.
/// </summary>
public sealed class LabNetwork : Construct
{
    /// <summary>The tag AmazonEMRServicePolicy_v2 requires on the resources EMR may use.</summary>
    public const string EmrPolicyTag = "for-use-with-amazon-emr-managed-policies";

    public Vpc Vpc { get; }

    /// <summary>The subnet the cluster runs in.</summary>
    public ISubnet Subnet { get; }

    /// <summary>EMR-managed security group of the primary node.</summary>
    public SecurityGroup PrimaryGroup { get; }

    /// <summary>EMR-managed security group of the core nodes.</summary>
    public SecurityGroup CoreGroup { get; }

    public LabNetwork(Construct scope, string id) : base(scope, id)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr("10.42.0.0/16"),
            MaxAzs = 1,
            NatGateways = 0,
            SubnetConfiguration = [new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 }],
            GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
            {
                ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
            },
        });
        Subnet = Vpc.PublicSubnets[0];
        Tags.Of(Subnet).Add(EmrPolicyTag, "true");
        Nag.Suppress(Vpc, new NagSuppression("AwsSolutions-VPC7",
            "Flow logs would bill for storage and ingestion in a lab VPC that only hosts a short-lived EMR cluster."));

        PrimaryGroup = EmrManaged("PrimaryGroup", "EMR-managed group of the primary node (EMR adds its rules)");
        CoreGroup = EmrManaged("CoreGroup", "EMR-managed group of the core nodes (EMR adds its rules)");
    }

    private SecurityGroup EmrManaged(string id, string description)
    {
        var group = new SecurityGroup(this, id, new SecurityGroupProps { Vpc = Vpc, Description = description, AllowAllOutbound = true });
        Tags.Of(group).Add(EmrPolicyTag, "true");
        return group;
    }
}
