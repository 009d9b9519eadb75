using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabStack.Cli.Aws;
using LabStack.Cli.Commands;

namespace LabStack.Cli.Tests;

/// <summary>
/// What the control panel takes from elsewhere, compared with its source: each service's protocol, target, signing name
/// and version with its API model's metadata; the bootstrap versions with aws-cdk-lib and the pinned CDK CLI; the module
/// keys and the notebooks' instance type with the lab's own code; and the model check itself on answers no API gives.
/// </summary>
public sealed class PanelContractTests
{
    private static JsonNode Model(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "node_modules", "aws-sdk", "apis", name + ".min.json")))!;

    public static TheoryData<string> ServiceModels() => new(AwsService.All.Select(s => s.Model));

    [Theory]
    [MemberData(nameof(ServiceModels))]
    public void EachServiceIsCalledAsItsApiModelSays(string model)
    {
        NpmPackages.EnsureInstalled(Repository.Root);
        var service = AwsService.All.Single(s => s.Model == model);
        var metadata = Model(model)["metadata"]!;

        Assert.Equal((string)metadata["protocol"]!, service.Protocol switch { AwsProtocol.Json => "json", AwsProtocol.RestJson => "rest-json", _ => "query" });
        Assert.Equal((string?)metadata["jsonVersion"], service.JsonVersion);
        Assert.Equal((string?)metadata["targetPrefix"], service.TargetPrefix);
        Assert.Equal((string?)metadata["signingName"] ?? (string)metadata["endpointPrefix"]!, service.SigningName);
        Assert.Equal((string)metadata["endpointPrefix"]!, service.EndpointPrefix);
        Assert.Equal((string)metadata["apiVersion"]!, service.ApiVersion);
        Assert.Equal(((string)metadata["serviceId"]!).ToUpperInvariant().Replace(' ', '_'), service.EndpointId);
    }

    [Fact]
    public void TheBootstrapVersionsAreAwsCdkLibsAndThePinnedClis()
    {
        NpmPackages.EnsureInstalled(Repository.Root);
        var synthesizer = File.ReadAllText(Path.Combine(Repository.Root, "node_modules", "aws-cdk-lib", "core", "lib", "stack-synthesizers", "default-synthesizer.js"));
        Assert.Equal(Preflight.RequiredBootstrapVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Regex.Match(synthesizer, @"MIN_BOOTSTRAP_STACK_VERSION=(\d+)").Groups[1].Value);
        var template = File.ReadAllText(Path.Combine(Repository.Root, "node_modules", "aws-cdk", "lib", "api", "bootstrap", "bootstrap-template.yaml"));
        Assert.Equal(Preflight.CliBootstrapVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Regex.Match(template, @"CdkBootstrapVersion:\s+Type: AWS::SSM::Parameter[\s\S]*?Value: '(\d+)'").Groups[1].Value);
    }

    [Fact]
    public void TheModuleKeysAndServicesAreTheRegistrys()
    {
        Assert.Equal(LabModules.All.Select(m => m.Key), LabContext.ModuleKeys);
        Assert.Equal(LabContext.ModuleKeys.Order(), Preflight.Services.Keys.Order());
        Assert.Equal(LabContext.ModuleKeys.Order(), Verify.Modules.Keys.Order());
        Assert.Equal(LabModules.All.ToDictionary(m => m.Key, m => m.StackSuffix), LabContext.StackSuffixes);
        Assert.Equal(LabModules.All.Where(m => m.OptIn).Select(m => m.Key), LabContext.OptIn);
        Assert.Equal(
            LabModules.All.Select(m => (m.Key, Needs: m.Needs.Select(n => n.Key).Except(LabContext.AlwaysDeployed).ToList())).Where(m => m.Needs.Count > 0)
                .ToDictionary(m => m.Key, m => string.Join(",", m.Needs)),
            LabContext.Needs.ToDictionary(n => n.Key, n => string.Join(",", n.Value)));
    }

    [Fact]
    public void TheNotebooksJobTypeIsTheOneTheirRoleAllowsFirst()
    {
        Assert.Equal(Preflight.NotebookJobInstanceType, LabStack.SageMaker.NotebookJobs.TrainingInstanceTypes[0]);
        Assert.Equal(Preflight.NotebookJobInstanceType, LabStack.SageMaker.NotebookJobs.EndpointInstanceTypes[0]);
    }

    [Fact]
    public void AFakeAnsweringWithAMemberTheApiLacksOrAWrongTypeIsAFinding()
    {
        NpmPackages.EnsureInstalled(Repository.Root);
        var findings = ApiModels.Findings(
        [
            new("servicequotas", "GetServiceQuota", new JsonObject { ["ServiceCode"] = "ec2", ["QuotaCode"] = "L-1216C47A" },
                new JsonObject { ["Quota"] = new JsonObject { ["QuotaCode"] = "L-1216C47A", ["Value"] = 32, ["Usage"] = 4 } }, null),
            new("lakeformation", "GetDataLakeSettings", new JsonObject { ["Catalog"] = "123456789012" },
                new JsonObject { ["DataLakeSettings"] = new JsonObject { ["CreateDatabaseDefaultPermissions"] = "ALL" } }, null),
            new("ssm", "GetParametersByPath", new JsonObject(), null, "ValidationException"),
            new("cloudformation", "DescribeStacks", new JsonObject(), new JsonObject { ["Stacks"] = new JsonArray(new JsonObject { ["StackName"] = "mllab-DataLake", ["Status"] = "CREATE_COMPLETE" }) }, null),
        ]);

        Assert.Equal(
        [
            "SDK-UnknownMember: servicequotas:GetServiceQuota (servicequotas GetServiceQuotaCommand): output.Quota.Usage is not a member (members: ServiceCode, ServiceName, QuotaArn, QuotaCode, QuotaName, Value, Unit, Adjustable, GlobalQuota, UsageMetric, Period, ErrorReason, QuotaAppliedAtLevel, QuotaContext)",
            "SDK-UnknownMember: lakeformation:GetDataLakeSettings (lakeformation GetDataLakeSettingsCommand): input.Catalog is not a member (members: CatalogId)",
            "SDK-WrongType: lakeformation:GetDataLakeSettings (lakeformation GetDataLakeSettingsCommand): output.DataLakeSettings.CreateDatabaseDefaultPermissions is string \"ALL\"; the model expects an array",
            "SDK-MissingRequiredMember: ssm:GetParametersByPath (ssm GetParametersByPathCommand): input.Path is required",
        ], findings.Where(f => !f.Contains("DescribeStacks", StringComparison.Ordinal)));
        Assert.Contains(findings, f => f.StartsWith("SDK-UnknownMember: cloudformation:DescribeStacks", StringComparison.Ordinal) && f.Contains("Status is not a member", StringComparison.Ordinal));
    }
}

/// <summary>How preflight names where the credentials came from, for the kinds the process tests cannot make offline (SSO, an assumed role); environment and profile keys are tested through the command.</summary>
public sealed class CredentialSourceTests
{
    [Fact]
    public void EachKindOfCredentialsIsNamed()
    {
        Assert.Equal("SSO profile learner (aws sso login)", LabClients.SourceOf(
            new Amazon.Runtime.SSOAWSCredentials("123456789012", "us-east-1", "Learner", "https://example.awsapps.com/start", new Amazon.Runtime.SSOAWSCredentialsOptions()), "learner"));
        Assert.Equal("profile lab, assuming a role", LabClients.SourceOf(
            new Amazon.Runtime.AssumeRoleAWSCredentials(new Amazon.Runtime.BasicAWSCredentials("AKIA", "s"), "arn:aws:iam::123456789012:role/lab", "lab"), "lab"));
        Assert.Equal("profile default", LabClients.SourceOf(new Amazon.Runtime.BasicAWSCredentials("AKIA", "s"), "default"));
    }
}
