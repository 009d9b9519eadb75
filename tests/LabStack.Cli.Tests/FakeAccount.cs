using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// A learner's account as the fakes answer for it: who the caller is, the bootstrap version, the services of the region,
/// the quotas (AWS defaults, and the values the account raised), Lake Formation's defaults. Each test changes what it
/// checks; the answers have the shapes of the real APIs (checked against the models after each run).
/// </summary>
public sealed class FakeAccount
{
    /// <summary>The caller's ARN.</summary>
    public string Arn { get; set; } = $"arn:aws:sts::{FakeAws.Account}:assumed-role/AWSReservedSSO_Learner_0123456789abcdef/learner";

    /// <summary>The bootstrap version parameter's value; null: not bootstrapped.</summary>
    public string? BootstrapVersion { get; set; } = "33";

    /// <summary>The services the region offers.</summary>
    public List<string> RegionServices { get; } =
        ["athena", "cloudformation", "comprehend", "ec2", "emr", "firehose", "glue", "kinesis", "kinesisanalytics", "lambda", "lex", "polly", "rekognition", "s3", "sagemaker",
         "stepfunctions", "transcribe", "translate", "dynamodb", "events", "sqs", "cognito-idp"];

    /// <summary>The quotas every account starts with: service, name, L-code (the fake's own codes: the command reads them from the list), value.</summary>
    public List<(string Service, string Name, string Code, double Value)> Defaults { get; } =
    [
        ("sagemaker", "ml.t3.medium for notebook instance usage", "L-FAKE0001", 2),
        ("sagemaker", "ml.t3.large for notebook instance usage", "L-FAKE0002", 2),
        ("sagemaker", "ml.m5.large for training job usage", "L-FAKE0003", 0),
        ("sagemaker", "ml.m5.large for transform job usage", "L-FAKE0004", 0),
        ("sagemaker", "ml.m5.large for endpoint usage", "L-FAKE0005", 0),
        ("sagemaker", "ml.c5.large for endpoint usage", "L-FAKE0006", 0),
        ("sagemaker", "Number of instances across active training jobs", "L-FAKE0007", 4),
        ("ec2", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "L-1216C47A", 5),
    ];

    /// <summary>The values this account raised (GetServiceQuota answers them; the others answer NoSuchResourceException).</summary>
    public Dictionary<string, double> Applied { get; } = new() { ["L-FAKE0003"] = 2, ["L-FAKE0004"] = 2, ["L-FAKE0005"] = 4, ["L-1216C47A"] = 32 };

    /// <summary>Whether new databases and tables default to IAM access control only.</summary>
    public (bool Databases, bool Tables) IamOnly { get; set; } = (true, true);

    /// <summary>Scripts <paramref name="aws"/>'s answers from this account.</summary>
    public void AnswerOn(FakeAws aws)
    {
        aws.On("sts", "GetCallerIdentity", _ => FakeAws.Answer.Ok(new JsonObject { ["UserId"] = "AROAFAKE:learner", ["Account"] = FakeAws.Account, ["Arn"] = Arn }));
        aws.On("ssm", "GetParameter", input => (string?)input["Name"] == "/cdk-bootstrap/hnb659fds/version" && BootstrapVersion is string version
            ? FakeAws.Answer.Ok(new JsonObject
            {
                ["Parameter"] = new JsonObject
                {
                    ["Name"] = "/cdk-bootstrap/hnb659fds/version", ["Type"] = "String", ["Value"] = version, ["Version"] = 3,
                    ["LastModifiedDate"] = 1764590400.0, ["ARN"] = $"arn:aws:ssm:us-east-1:{FakeAws.Account}:parameter/cdk-bootstrap/hnb659fds/version", ["DataType"] = "text",
                },
            })
            : FakeAws.Answer.Error("ParameterNotFound", ""));
        aws.On("ssm", "GetParametersByPath", ServicesPage);
        aws.On("servicequotas", "ListAWSDefaultServiceQuotas", QuotasPage);
        aws.On("servicequotas", "GetServiceQuota", input => Applied.TryGetValue((string)input["QuotaCode"]!, out var value)
            ? FakeAws.Answer.Ok(new JsonObject { ["Quota"] = Quota(Find(input), value) })
            : FakeAws.Answer.Error("NoSuchResourceException", $"The request failed because the specified service quota {input["QuotaCode"]} does not exist."));
        aws.On("servicequotas", "GetAWSDefaultServiceQuota", input => FakeAws.Answer.Ok(new JsonObject { ["Quota"] = Quota(Find(input), Find(input).Value) }));
        aws.On("lakeformation", "GetDataLakeSettings", _ => FakeAws.Answer.Ok(new JsonObject
        {
            ["DataLakeSettings"] = new JsonObject
            {
                ["DataLakeAdmins"] = new JsonArray(),
                ["CreateDatabaseDefaultPermissions"] = IamOnly.Databases ? IamAllowed() : new JsonArray(),
                ["CreateTableDefaultPermissions"] = IamOnly.Tables ? IamAllowed() : new JsonArray(),
                ["Parameters"] = new JsonObject { ["CROSS_ACCOUNT_VERSION"] = "4" },
            },
        }));
    }

    private static JsonArray IamAllowed() => new(new JsonObject
    {
        ["Principal"] = new JsonObject { ["DataLakePrincipalIdentifier"] = "IAM_ALLOWED_PRINCIPALS" }, ["Permissions"] = new JsonArray("ALL"),
    });

    /// <summary>GetParametersByPath: at most MaxResults (default and largest 10) a page, NextToken for the rest, as SSM pages.</summary>
    private FakeAws.Answer ServicesPage(JsonObject input)
    {
        var path = (string)input["Path"]!;
        var start = input["NextToken"] is JsonNode token ? int.Parse((string)token!, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var size = (int?)input["MaxResults"] ?? 10;
        var page = RegionServices.Skip(start).Take(size).ToList();
        var answer = new JsonObject
        {
            ["Parameters"] = new JsonArray(page.Select(s => (JsonNode)new JsonObject
            {
                ["Name"] = $"{path}/{s}", ["Type"] = "String", ["Value"] = s, ["Version"] = 1, ["LastModifiedDate"] = 1764590400.0,
                ["ARN"] = $"arn:aws:ssm:us-east-1::parameter{path}/{s}", ["DataType"] = "text",
            }).ToArray()),
        };
        if (start + size < RegionServices.Count)
        {
            answer["NextToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return FakeAws.Answer.Ok(answer);
    }

    /// <summary>ListAWSDefaultServiceQuotas: two quotas a page (so every listing pages), NextToken for the rest.</summary>
    private FakeAws.Answer QuotasPage(JsonObject input)
    {
        var service = (string)input["ServiceCode"]!;
        var all = Defaults.Where(d => d.Service == service).ToList();
        var start = input["NextToken"] is JsonNode token ? int.Parse((string)token!, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var answer = new JsonObject { ["Quotas"] = new JsonArray(all.Skip(start).Take(2).Select(d => (JsonNode)Quota(d, d.Value)).ToArray()) };
        if (start + 2 < all.Count)
        {
            answer["NextToken"] = (start + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return FakeAws.Answer.Ok(answer);
    }

    private (string Service, string Name, string Code, double Value) Find(JsonObject input) =>
        Defaults.Single(d => d.Service == (string?)input["ServiceCode"] && d.Code == (string?)input["QuotaCode"]);

    private static JsonObject Quota((string Service, string Name, string Code, double Value) quota, double value) => new()
    {
        ["ServiceCode"] = quota.Service, ["ServiceName"] = quota.Service == "ec2" ? "Amazon Elastic Compute Cloud (Amazon EC2)" : "Amazon SageMaker",
        ["QuotaArn"] = $"arn:aws:servicequotas:us-east-1:{FakeAws.Account}:{quota.Service}/{quota.Code}", ["QuotaCode"] = quota.Code,
        ["QuotaName"] = quota.Name, ["Value"] = value, ["Unit"] = "None", ["Adjustable"] = true, ["GlobalQuota"] = false,
    };
}
