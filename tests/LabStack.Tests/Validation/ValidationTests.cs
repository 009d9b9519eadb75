
namespace LabStack.Tests.Validation;

/// <summary>The ecosystem's validators over every synthesized template: what a deploy would reject, caught offline.</summary>
[Collection(LabCollection.Name)]
public sealed class ValidationTests(LabFixture lab)
{
    /// <summary>Every action the lab allows on Resource "*". Most have no resource-level permission at all.</summary>
    private static readonly string[] ExpectedResourceStarActions =
    [
        // The AI pipeline's calls: none of these names a resource.
        "comprehend:DetectDominantLanguage", "comprehend:DetectEntities", "comprehend:DetectKeyPhrases", "comprehend:DetectSentiment",
        // Step Functions log delivery to CloudWatch Logs, as the CDK grants it for execution logging.
        "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
        // The EMR security-group cleanup reads the groups before revoking EMR's rules on exactly those two.
        "ec2:DescribeSecurityGroups",
        // Pulling container images: the registry token has no resource (the image pulls are scoped to repositories).
        "ecr:GetAuthorizationToken",
        "rekognition:DetectLabels", "rekognition:DetectText",
        // Rekognition Video on stored video: the job has no ARN to name (the video is read with the caller's s3:GetObject).
        "rekognition:GetLabelDetection", "rekognition:StartLabelDetection",
        // Polly's speech tasks: lexicons are the only resource, and the lab names none.
        "polly:StartSpeechSynthesisTask",
        "translate:TranslateText",
        // The notebooks' clean-up cell and idle stop find what the notebooks left by listing.
        "sagemaker:ListEndpointConfigs", "sagemaker:ListEndpoints", "sagemaker:ListModels",
        // X-Ray tracing of executions.
        "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments",
    ];

    /// <summary>
    /// Actions whose resource types are all optional: they apply only when a request names such a resource, which
    /// the lab never does, so IAM authorizes the lab's calls against "*". Each has its reason in the validator's
    /// accepted-wildcards file, which turns their findings into accepted ones.
    /// </summary>
    private static readonly Dictionary<string, string> OptionalResourceActions =
        JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tools", "validate", "accepted-wildcards.json")))!.AsObject()
            .ToDictionary(a => a.Key, a => (string)a.Value!);

    private NodeTools.Report Report => lab.Default.Validation;

    [Fact]
    public void EveryStackIsValidated() =>
        Assert.Equal(lab.Default.Stacks.All.Select(s => s.StackName).Order(), Report.Templates.Order());

    [Fact]
    public void CdkNagAwsSolutionsHasNoUnsuppressedErrors() => AssertNone("cdk-nag");

    [Fact]
    public void EveryStepFunctionsSdkTaskMatchesItsServicesApiModel() => AssertNone("sdk-model");

    [Fact]
    public void EveryIamActionExistsNoneIsStarAndResourceStarOnlyWhereUnavoidable()
    {
        var findings = Report.Of("iam").ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} iam finding(s):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void TheValidatorExitsZeroOnTheLabAndEveryAcceptedWildcardHasAReason()
    {
        Assert.Equal(0, Report.ExitCode);
        Assert.All(OptionalResourceActions, a => Assert.False(string.IsNullOrWhiteSpace(a.Value), $"{a.Key} has no reason"));
    }

    [Fact]
    public void ResourceStarIsGrantedOnlyForTheseActions()
    {
        Assert.Equal(ExpectedResourceStarActions.Order(StringComparer.Ordinal), Report.ResourceStarActions.Select(a => a.Action).Order(StringComparer.Ordinal));
        Assert.All(Report.ResourceStarActions, a => Assert.True(a.WildcardOnly || OptionalResourceActions.ContainsKey(a.Action),
            $"{a.Action} is allowed on Resource \"*\" but supports resource-level permissions"));
    }

    [Fact]
    public void EveryResourceTypeAndPropertyExistsAndRequiredOnesAreSet() => AssertNone("spec");

    [Fact]
    public void EveryOutputHasAPlainTextDescription()
    {
        // CloudFormation takes no intrinsic function in an output's description.
        foreach (var (stack, name, output) in lab.Default.AllOutputs().Where(o => !o.Name.StartsWith("ExportsOutput", StringComparison.Ordinal)))
        {
            Assert.True(output["Description"] is JsonValue description && description.TryGetValue<string>(out var text) && text.Length > 0,
                $"{stack} output {name}: the description must be plain text");
        }
    }

    [Fact]
    public void EverySuppressionSaysWhy()
    {
        foreach (var (stack, id, resource, _) in lab.Default.AllResources())
        {
            foreach (var rule in resource.NagSuppressions())
            {
                var reason = (string?)rule["reason"] ?? "";
                Assert.True(reason.Length >= 30, $"{stack}/{id}: suppression of {rule["id"]} needs a real reason");
            }
        }
    }

    private void AssertNone(string validator)
    {
        var findings = Report.Of(validator).ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} {validator} finding(s):\n" + string.Join("\n", findings));
    }
}
