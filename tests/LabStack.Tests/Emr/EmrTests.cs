using Amazon.CDK.Assertions;
using LabStack.Emr;

namespace LabStack.Tests.Emr;

public sealed class EmrTests(LabFixture lab) : StackTests<EmrStack>(lab)
{
    [Fact]
    public void NetworkIsPublicSubnetsOnlyWithAnS3EndpointAndNoNat()
    {
        Template.ResourceCountIs("AWS::EC2::NatGateway", 0);
        Template.ResourceCountIs("AWS::EC2::Subnet", 1);
        Template.HasResourceProperties("AWS::EC2::Subnet", Json("""{ "MapPublicIpOnLaunch": true }"""));
        Template.HasResourceProperties("AWS::EC2::VPCEndpoint", Json("""{ "VpcEndpointType": "Gateway" }"""));
        var endpoint = (string)TemplateJson.Properties("AWS::EC2::VPCEndpoint")["ServiceName"]!.ToJsonString();
        Assert.Contains(".s3", endpoint);
    }

    [Fact]
    public void NoSecurityGroupAllowsInboundTraffic()
    {
        foreach (var (id, group) in TemplateJson.ResourcesOf("AWS::EC2::SecurityGroup"))
        {
            Assert.True(group["Properties"]!["SecurityGroupIngress"] is null, $"{id} has an inbound rule");
        }
        Template.ResourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    }

    [Fact]
    public void ClusterSubnetAndEmrGroupsCarryTheTagTheV2PolicyRequires()
    {
        var tag = Json("""{ "Key": "for-use-with-amazon-emr-managed-policies", "Value": "true" }""");
        // EMR passes the cluster's tags on to the launch template, instances and volumes the v2 policy lets it create.
        Template.HasResourceProperties("AWS::EMR::Cluster", new Dictionary<string, object> { ["Tags"] = Match.ArrayWith([tag]) });
        Template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["Tags"] = Match.ArrayWith([tag]) });
        Assert.Equal(2, Template.FindResources("AWS::EC2::SecurityGroup", new Dictionary<string, object>
        {
            ["Properties"] = new Dictionary<string, object> { ["Tags"] = Match.ArrayWith([tag]) },
        }).Count);
    }

    [Fact]
    public void RolesAreTheStacksOwnWithTheV2ServicePolicy()
    {
        Template.HasResourceProperties("AWS::IAM::Role", Json("""
            {
              "AssumeRolePolicyDocument": { "Statement": [ { "Principal": { "Service": "elasticmapreduce.amazonaws.com" } } ] },
              "ManagedPolicyArns": [ { "Fn::Join": [ "", [ "arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AmazonEMRServicePolicy_v2" ] ] } ]
            }
            """));
        var cluster = TemplateJson.Properties("AWS::EMR::Cluster");
        Assert.Equal(TemplateJson.Id("AWS::IAM::Role", "SparkServiceRole"), (string?)cluster["ServiceRole"]!["Ref"]);
        Assert.Equal(TemplateJson.Id("AWS::IAM::InstanceProfile"), (string?)cluster["JobFlowRole"]!["Ref"]);
        Assert.DoesNotContain("EMR_DefaultRole", TemplateJson.Resources().ToJsonString());
        Assert.DoesNotContain("EMR_EC2_DefaultRole", TemplateJson.Resources().ToJsonString());
    }

    [Fact]
    public void InstanceRoleReachesOnlyTheLakesPrefixesAndTheLabDatabase()
    {
        var policy = TemplateJson.PolicyStatements("SparkNodeAccess");
        var s3Objects = policy.Where(s => s["Action"]!.ToJsonString().Contains("s3:GetObject") || s["Action"]!.ToJsonString().Contains("s3:PutObject"))
            .SelectMany(s => AsList(s["Resource"]))
            .Select(r => r.ToJsonString()).ToList();
        Assert.All(s3Objects, r => Assert.Matches(@"/(raw/|curated|logs/emr/)\*|assets", r));
        var glue = policy.Single(s => s["Action"]!.ToJsonString().Contains("glue:"));
        Assert.All(glue["Resource"]!.AsArray(), r => Assert.Matches(":catalog\"|database/|table/|userDefinedFunction/", r!.ToJsonString()));
    }

    [Fact]
    public void ClusterRunsSparkAndHiveOnTheGlueCatalogWithIdleTerminationAndNoProtection()
    {
        Template.HasResourceProperties("AWS::EMR::Cluster", Json("""
            {
              "ReleaseLabel": "emr-7.13.0",
              "Applications": [ { "Name": "Spark" }, { "Name": "Hive" } ],
              "AutoTerminationPolicy": { "IdleTimeout": 900 },
              "Instances": { "TerminationProtected": false, "MasterInstanceGroup": { "InstanceCount": 1, "InstanceType": "m5.xlarge" } },
              "Configurations": [
                { "Classification": "spark-hive-site", "ConfigurationProperties": { "hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" } },
                { "Classification": "hive-site", "ConfigurationProperties": { "hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" } }
              ]
            }
            """));
        var instances = TemplateJson.Properties("AWS::EMR::Cluster")["Instances"]!.AsObject();
        Assert.False(instances.ContainsKey("CoreInstanceGroup"), "emrCoreNodes=0 means a primary-only cluster");
        Assert.Contains("/logs/emr/", TemplateJson.Properties("AWS::EMR::Cluster")["LogUri"]!.ToJsonString());
    }

    [Fact]
    public void EmrSettingsTakeEffect()
    {
        var custom = Lab.With("modules=emr", "emrInstanceType=r5.2xlarge", "emrCoreNodes=2", "emrIdleMinutes=30", "emrRun=3");
        custom.Template<EmrStack>().HasResourceProperties("AWS::EMR::Cluster", Json("""
            {
              "Name": "mllab-spark-3-r5.2xlarge-2core-30min",
              "AutoTerminationPolicy": { "IdleTimeout": 1800 },
              "Instances": { "CoreInstanceGroup": { "InstanceCount": 2, "InstanceType": "r5.2xlarge" }, "MasterInstanceGroup": { "InstanceType": "r5.2xlarge" } }
            }
            """));
    }

    /// <summary>One other value per EMR setting; a new setting fails <see cref="EveryEmrSettingReplacesTheClusterRatherThanUpdatingIt"/> until it is listed.</summary>
    private static readonly Dictionary<string, object> OtherValue = new()
    {
        [EmrSettings.InstanceTypeSetting.Key] = "r5.2xlarge",
        [EmrSettings.CoreNodesSetting.Key] = 2,
        [EmrSettings.IdleMinutesSetting.Key] = 30,
        [EmrSettings.RunSetting.Key] = 3,
    };

    [Fact]
    public void EveryEmrSettingReplacesTheClusterRatherThanUpdatingIt()
    {
        // A terminated cluster cannot be updated: each setting must change a property whose change replaces the cluster.
        var replaces = JsonNode.Parse(NodeTools.Run("node", Path.Combine(LabPaths.Root, "tools", "validate", "replacement.mjs"),
            "AWS::EMR::Cluster", "Name", "Instances", "AutoTerminationPolicy", "Tags"))!;
        Assert.Equal("yes", (string?)replaces["Name"]);
        Assert.NotEqual("yes", (string?)replaces["Instances"]); // a core-count change would be an in-place resize...
        Assert.Equal("no", (string?)replaces["AutoTerminationPolicy"]); // ...and an idle-timeout change an in-place update
        Assert.Equal("no", (string?)replaces["Tags"]);

        var cluster = TemplateJson.Properties("AWS::EMR::Cluster");
        var defaults = EmrSettings.Read(_ => null);
        Assert.Equal(defaults.ClusterName("mllab"), (string?)cluster["Name"]);
        Assert.Equal(EmrSettings.Definitions.Select(d => d.Key).Order(), OtherValue.Keys.Order());
        foreach (var (key, value) in OtherValue)
        {
            var changed = EmrSettings.Read(k => k == key ? value : null);
            Assert.NotEqual(defaults, changed); // the value is not the default
            Assert.True(changed.ClusterName("mllab") != defaults.ClusterName("mllab"), $"{key}={value} does not change the cluster's name, so it would update a terminated cluster in place");
        }
    }

    [Fact]
    public void SparkMayLookUpGlobalTempAndWriteEmrfsFolderMarkers()
    {
        var policy = TemplateJson.PolicyStatements("SparkNodeAccess");
        var glue = policy.Single(s => s["Action"]!.ToJsonString().Contains("glue:GetDatabase"))["Resource"]!.ToJsonString();
        Assert.Contains(":database/global_temp", glue);
        var writes = policy.Single(s => s["Action"]!.ToJsonString().Contains("s3:PutObject") && s["Action"]!.ToJsonString().Contains("s3:GetObject"));
        // "curated*" covers curated/... and EMRFS's marker object curated_$folder$.
        Assert.EndsWith("/curated*\"]]}", writes["Resource"]!.ToJsonString());
    }

    [Fact]
    public void TheSparkExerciseRunsAsAStepOnTheSampleData()
    {
        var step = TemplateJson.Properties("AWS::EMR::Cluster")["Steps"]![0]!;
        Assert.Equal("CONTINUE", (string?)step["ActionOnFailure"]);
        Assert.Equal("command-runner.jar", (string?)step["HadoopJarStep"]!["Jar"]);
        var args = step["HadoopJarStep"]!["Args"]!.AsArray();
        Assert.Equal(["spark-submit", "--deploy-mode", "client"], args.Take(3).Select(a => (string)a!));
        Assert.Contains("--lake-bucket", args.Select(a => a is JsonValue v ? (string)v! : ""));
        Assert.Contains("--database", args.Select(a => a is JsonValue v ? (string)v! : ""));
    }

    [Fact]
    public void SparkScriptIsValidPythonThatImputesEncodesScalesReducesAndRegistersATable()
    {
        var script = LabPaths.Asset("emr", "feature_engineering.py");
        var report = JsonNode.Parse(NodeTools.Run("node", Path.Combine(LabPaths.Root, "tools", "notebooks", "check.mjs"), script))!;
        Assert.Empty(report["feature_engineering.py"]!["problems"]!.AsArray());
        var text = File.ReadAllText(script);
        foreach (var stage in new[] { "Imputer(", "OneHotEncoder(", "StandardScaler(", "PCA(", "saveAsTable(", "curated/customer-features/", "raw/customers/" })
        {
            Assert.Contains(stage, text);
        }
    }

    [Fact]
    public void ClusterIsDeletedBeforeTheCleanupWhichRunsBeforeTheGroupsGo()
    {
        var cleanupId = TemplateJson.Id("Custom::EmrSecurityGroupCleanup");
        var clusterDependsOn = TemplateJson.Resource("AWS::EMR::Cluster")["DependsOn"]!.AsArray().Select(d => (string)d!);
        Assert.Contains(cleanupId, clusterDependsOn);
        var groups = TemplateJson.Resources()[cleanupId]!["Properties"]!["GroupIds"]!.AsArray().Select(g => (string)g!["Fn::GetAtt"]![0]!).ToHashSet();
        var clusterInstances = TemplateJson.Properties("AWS::EMR::Cluster")["Instances"]!;
        Assert.Equal(groups, new HashSet<string>
        {
            (string)clusterInstances["EmrManagedMasterSecurityGroup"]!["Fn::GetAtt"]![0]!,
            (string)clusterInstances["EmrManagedSlaveSecurityGroup"]!["Fn::GetAtt"]![0]!,
        });
    }

    [Fact]
    public void CleanupRevokesOnlyTheRulesThatReferenceTheGroups()
    {
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(TemplateJson, "SecurityGroupCleanupHandler")); // the code as deployed
        var script = $$"""
            const { revokeReferences } = (await import('{{module}}')).default;
            class Command { constructor(input) { this.input = input; this.name = this.constructor.name; } }
            const commands = {
              DescribeSecurityGroupsCommand: class DescribeSecurityGroupsCommand extends Command {},
              RevokeSecurityGroupIngressCommand: class RevokeSecurityGroupIngressCommand extends Command {},
              RevokeSecurityGroupEgressCommand: class RevokeSecurityGroupEgressCommand extends Command {},
            };
            const calls = [];
            const groups = [
              { GroupId: 'sg-primary', IpPermissions: [
                  { IpProtocol: '-1', UserIdGroupPairs: [ { GroupId: 'sg-core' } ] },
                  { IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [ { CidrIp: '10.0.0.0/8' } ], UserIdGroupPairs: [] } ],
                IpPermissionsEgress: [ { IpProtocol: '-1', IpRanges: [ { CidrIp: '0.0.0.0/0' } ], UserIdGroupPairs: [] } ] },
              { GroupId: 'sg-core', IpPermissions: [ { IpProtocol: '-1', UserIdGroupPairs: [ { GroupId: 'sg-primary' }, { GroupId: 'sg-core' } ] } ],
                IpPermissionsEgress: [ { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, UserIdGroupPairs: [ { GroupId: 'sg-primary' } ] } ] },
            ];
            const send = async (command) => { calls.push({ name: command.name, input: command.input }); return command.name.startsWith('Describe') ? { SecurityGroups: groups } : {}; };
            await revokeReferences(send, commands, ['sg-primary', 'sg-core']);
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const findings = checkClientCalls([{ service: 'ec2', command: 'DescribeSecurityGroupsCommand', input: calls[0].input, output: { SecurityGroups: groups } },
              ...calls.slice(1).map((c) => ({ service: 'ec2', command: c.name, input: c.input }))]);
            if (findings.length) throw new Error(JSON.stringify(findings));
            process.stdout.write(JSON.stringify(calls));
            """;
        var calls = JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!.AsArray();
        Assert.Equal(["DescribeSecurityGroupsCommand", "RevokeSecurityGroupIngressCommand", "RevokeSecurityGroupIngressCommand", "RevokeSecurityGroupEgressCommand"],
            calls.Select(c => (string)c!["name"]!));
        Assert.Equal("sg-primary", (string?)calls[1]!["input"]!["GroupId"]);
        Assert.Single(calls[1]!["input"]!["IpPermissions"]!.AsArray()); // the CIDR rule stays
        Assert.Equal("sg-core", (string?)calls[3]!["input"]!["GroupId"]);
    }

    [Fact]
    public void CleanupMayRevokeOnlyOnTheTwoEmrGroupsAndIsInlineCode()
    {
        var code = InlineFunctionCode.Of(TemplateJson, "SecurityGroupCleanupHandler");
        Assert.Equal(OnDeleteFunction.InlineCode("emr", "revoke-sg-rules.js"), code);
        Assert.True(code.Length <= 4096, "inline Lambda code is limited to 4 KB");
        var revoke = TemplateJson.PolicyStatements("SecurityGroupCleanupHandlerServiceRoleDefaultPolicy")
            .Single(s => s["Action"]!.ToJsonString().Contains("Revoke"));
        Assert.Equal(2, revoke["Resource"]!.AsArray().Count);
        Assert.All(revoke["Resource"]!.AsArray(), r => Assert.Contains(":security-group/", r!.ToJsonString()));
    }

    [Fact]
    public void OutputsSayHowToRunTheStepAgainAndWhereTheOutputLands()
    {
        var outputs = TemplateJson.Outputs();
        Assert.Contains("aws emr add-steps --cluster-id ", outputs["AddStepAgain"]!.ToJsonString());
        Assert.Contains("/curated/customer-features/", outputs["OutputLocation"]!.ToJsonString());
        Assert.Equal("npx cdk deploy mllab-Emr --exclusively -c labName=mllab -c emrRun=2", (string?)outputs["FreshCluster"]!["Value"]);
        Assert.True(outputs.ContainsKey("ClusterId"));
    }
}
