
namespace LabStack.Tests.Validation;

/// <summary>
/// The validators catch what they are for: a template with known mistakes must produce exactly the findings
/// that name them. Guards against a harness that silently checks nothing.
/// </summary>
public sealed class ValidatorSelfTests
{
    private static readonly Lazy<NodeTools.Report> Broken = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("labstack-broken-").FullName;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), """
            { "version": "36.0.0", "artifacts": {
              "Broken": { "type": "aws:cloudformation:stack", "properties": { "templateFile": "Broken.template.json" } },
              "Insecure": { "type": "aws:cloudformation:stack", "properties": { "templateFile": "Insecure.template.json" } } } }
            """);
        File.WriteAllText(Path.Combine(folder, "Insecure.template.json"), """
            { "Resources": {
              "Bucket": { "Type": "AWS::S3::Bucket", "Properties": {} },
              "Quiet": { "Type": "AWS::S3::Bucket", "Properties": {}, "Metadata": { "cdk_nag": { "rules_to_suppress": [
                { "id": "AwsSolutions-SQS3", "reason": "suppresses a queue rule on a bucket: never reported" } ] } } },
              "Role": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Version": "2012-10-17",
                "Statement": [ { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } } },
              "Policy": { "Type": "AWS::IAM::Policy", "Properties": { "PolicyName": "p", "Roles": [ { "Ref": "Role" } ],
                "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } },
                "Metadata": { "cdk_nag": { "rules_to_suppress": [ { "id": "AwsSolutions-IAM5", "reason": "one pattern used, one matching nothing",
                  "applies_to": [ "Resource::*", { "regex": "/^Resource::arn:nothing.*$/" } ] } ] } } } } }
            """);
        File.WriteAllText(Path.Combine(folder, "Broken.template.json"), """
            {
              "Resources": {
                "Bucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketEncryptoin": {} }, "DeletionPolicy": "Retain" },
                "Workgroup": { "Type": "AWS::Athena::WorkGroup", "Properties": { "WorkGroupConfiguration": { "EnforceWorkGroupConfig": true } } },
                "Thing": { "Type": "AWS::S3::Buckett" },
                "Reader": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "RoleArn": "arn:aws:iam::123456789012:role/r",
                  "DefinitionString": "{\"StartAt\":\"Detect\",\"States\":{\"Detect\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:comprehend:detectDominantLanguage\",\"Parameters\":{\"Text\":\"hi\"},\"ResultPath\":\"$.lang\",\"Next\":\"Found?\"},\"Found?\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.lang.Languages[0].LanguageCode\",\"IsPresent\":true,\"Next\":\"Tested first\"}],\"Default\":\"Read blindly\"},\"Tested first\":{\"Type\":\"Pass\",\"Parameters\":{\"code.$\":\"$.lang.Languages[0].LanguageCode\"},\"End\":true},\"Read blindly\":{\"Type\":\"Pass\",\"Parameters\":{\"score.$\":\"$.lang.Languages[0].Score\"},\"End\":true}}}" } },
                "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "RoleArn": "arn:aws:iam::123456789012:role/r",
                  "DefinitionString": "{\"StartAt\":\"Describe\",\"States\":{\"Describe\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:s3:headObject\",\"Parameters\":{\"Bucket\":\"b\",\"Kee.$\":\"$.key\",\"PartNumber\":\"one\"},\"ResultSelector\":{\"bytes.$\":\"$.ContentLenght\"},\"Retry\":[{\"ErrorEquals\":[\"S3.NoSuchKey\"]}],\"Next\":\"Detect\"},\"Detect\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:comprehend:detectSentimentt\",\"End\":true}}}" } },
                "Role": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Version": "2012-10-17",
                  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } } },
                "Policy": { "Type": "AWS::IAM::Policy", "Properties": { "PolicyName": "p", "Roles": [ { "Ref": "Role" } ],
                  "PolicyDocument": { "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": { "Fn::Sub": "${Bucket.Arn}/*" } },
                    { "Effect": "Allow", "Action": "*", "Resource": { "Fn::GetAtt": [ "Bucket", "Arn" ] } },
                    { "Effect": "Allow", "Action": [ "s3:GetObject", "logs:CreateLogDelivery" ], "Resource": "*" },
                    { "Effect": "Allow", "Action": "s3:Get*Objekt*", "Resource": { "Fn::GetAtt": [ "Bucket", "Arn" ] } },
                    { "Effect": "Allow", "Action": "nosuchservice:Do", "Resource": { "Fn::GetAtt": [ "Bucket", "Arn" ] } }
                  ] } } }
              }
            }
            """);
        try
        {
            return NodeTools.Validate(folder, "purpose=ml-study-lab");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    });

    [Theory]
    [InlineData("iam", "Broken", "Policy", "IAM-UnknownAction", "s3:GetObjekt")]
    [InlineData("iam", "Broken", "Policy", "IAM-UnknownAction", "s3:Get*Objekt*")]
    [InlineData("iam", "Broken", "Policy", "IAM-StarAction", "\"*\"")]
    [InlineData("iam", "Broken", "Policy", "IAM-WildcardResource", "s3:GetObject")]
    [InlineData("iam", "Broken", "Policy", "IAM-UnknownService", "nosuchservice:Do")]
    [InlineData("spec", "Broken", "Bucket", "Spec-UnknownProperty", "AWS::S3::Bucket.BucketEncryptoin")]
    [InlineData("spec", "Broken", "Workgroup", "Spec-UnknownProperty", "WorkGroupConfiguration.EnforceWorkGroupConfig")]
    [InlineData("spec", "Broken", "Workgroup", "Spec-MissingRequiredProperty", "AWS::Athena::WorkGroup.Name")]
    [InlineData("spec", "Broken", "Thing", "Spec-UnknownType", "AWS::S3::Buckett")]
    [InlineData("spec", "Insecure", "Bucket", "Spec-MissingTag", "purpose=ml-study-lab")]
    [InlineData("cdk-nag", "Broken", "(template)", "CfnInclude", "missing required property")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-UnknownMember", "Describe: Parameters.Kee is not a member")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-MissingRequiredMember", "Describe: Parameters.Key is required")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-WrongType", "Parameters.PartNumber is string \"one\"; the model expects a number")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-UnknownResultMember", "ResultSelector reads $.ContentLenght")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-UnknownError", "Retry names S3.NoSuchKey")]
    [InlineData("sdk-model", "Broken", "Machine", "SDK-UnknownAction", "comprehend has no action detectSentimentt")]
    [InlineData("sdk-model", "Broken", "Reader", "SDK-UnguardedOptionalMember", "Read blindly (through $.lang) reads $.Languages[0].Score, but $.Languages is optional")]
    [InlineData("cdk-nag", "Insecure", "Bucket", "AwsSolutions-S1", "server access logs")]
    [InlineData("cdk-nag", "Insecure", "Bucket", "AwsSolutions-S10", "SSL")]
    [InlineData("cdk-nag", "Insecure", "Quiet", "Nag-UnusedSuppression", "AwsSolutions-SQS3 is suppressed but never reported")]
    [InlineData("cdk-nag", "Insecure", "Policy", "Nag-UnusedSuppression", "applies_to /^Resource::arn:nothing.*$/ matches none")]
    public void BrokenTemplateGetsANamedFinding(string validator, string template, string logicalId, string rule, string messageFragment)
    {
        var matches = Broken.Value.Findings.Where(f => f.Validator == validator && f.Template == template && f.LogicalId == logicalId && f.Rule == rule).ToList();
        Assert.True(matches.Any(f => f.Message.Contains(messageFragment, StringComparison.Ordinal)),
            $"expected {rule} on {logicalId} mentioning '{messageFragment}'; got:\n" + string.Join("\n", Broken.Value.Findings));
    }

    [Fact]
    public void AReadAfterAnIsPresentTestIsNotAFindingAndFindingsMakeTheValidatorExitOne()
    {
        Assert.DoesNotContain(Broken.Value.Findings, f => f.Rule == "SDK-UnguardedOptionalMember" && f.Message.StartsWith("Tested first", StringComparison.Ordinal));
        Assert.Equal(1, Broken.Value.ExitCode);
    }

    [Fact]
    public void ActionsWithoutResourceLevelPermissionsMayUseResourceStar()
    {
        Assert.Contains(new NodeTools.ResourceStarAction("logs:CreateLogDelivery", WildcardOnly: true), Broken.Value.ResourceStarActions);
        Assert.Contains(new NodeTools.ResourceStarAction("s3:GetObject", WildcardOnly: false), Broken.Value.ResourceStarActions);
        Assert.DoesNotContain(Broken.Value.Findings, f => f.Rule == "IAM-WildcardResource" && f.Message.Contains("logs:CreateLogDelivery"));
    }

    [Fact]
    public void MockedResponsesThatNoRealApiReturnsAreFindings()
    {
        var folder = Directory.CreateTempSubdirectory("labstack-broken-mock-").FullName;
        try
        {
            var template = Path.Combine(folder, "machine.template.json");
            File.WriteAllText(template, """
                { "Resources": { "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": {
                  "DefinitionString": "{\"StartAt\":\"Detect language\",\"States\":{\"Detect language\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:comprehend:detectDominantLanguage\",\"Parameters\":{\"Text\":\"hello\"},\"End\":true}}}" } } } }
                """);
            var scenario = Path.Combine(folder, "broken-mock.json");
            File.WriteAllText(scenario, """
                { "input": {}, "mocks": { "Detect language": [
                  { "result": { "Languages": [ { "LanguageCode": "en", "Score": "high", "Confidence": 0.9 } ] } },
                  { "error": "Comprehend.Throttled" } ] } }
                """);
            var report = JsonNode.Parse(NodeTools.Run("node", "--import", "./tools/stepfunctions/polyfill.mjs",
                Path.Combine(LabPaths.Root, "tools", "stepfunctions", "run-local.mjs"), template, scenario))!;
            var findings = report["runs"]!["broken-mock"]!["modelFindings"]!.AsArray().Select(f => $"{f!["rule"]}: {f["message"]}").ToList();

            Assert.Contains(findings, f => f.StartsWith("Mock-WrongType: Detect language response 1: result.Languages[0].Score is string", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith("Mock-UnknownMember: Detect language response 1: result.Languages[0].Confidence is not a member", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith("Mock-UnknownError: Detect language response 2: Comprehend.Throttled", StringComparison.Ordinal));
            Assert.Equal(3, findings.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ClientCallsThatNoRealApiTakesAreFindings()
    {
        var script = $$"""
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            process.stdout.write(JSON.stringify(checkClientCalls([
              { service: 'sagemaker', command: 'ListEndpointsCommand', input: { NameContains: 'lab', NextToken: undefined }, output: { Endpoints: [ { EndpointName: 'lab-nb-1' } ] } },
              { service: 'logs', command: 'DescribeLogGroupsCommand', input: { logGroupNamePrefix: '/aws/sagemaker/' } },
              { service: 'sagemaker', command: 'DeleteEndpointCommand', input: { EndpointNam: 'lab-nb-1' } },
              { service: 'sagemaker', command: 'ListModelsCommand', input: {}, output: { Models: [ { ModelName: 7 } ] } },
              { service: 'sagemaker', command: 'DeleteEverythingCommand', input: {} },
            ])));
            """;
        var findings = JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!.AsArray().Select(f => $"{f!["rule"]}: {f["message"]}").ToList();
        Assert.Equal(
        [
            "SDK-UnknownMember: call 3 (sagemaker DeleteEndpointCommand): input.EndpointNam is not a member (members: EndpointName)",
            "SDK-MissingRequiredMember: call 3 (sagemaker DeleteEndpointCommand): input.EndpointName is required",
            "SDK-WrongType: call 4 (sagemaker ListModelsCommand): output.Models[0].ModelName is number 7; the model expects a string",
            "SDK-UnknownAction: call 5 (sagemaker DeleteEverythingCommand): no such action",
        ], findings);
    }
}
