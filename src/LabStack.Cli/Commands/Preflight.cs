using System.Globalization;
using Amazon.LakeFormation;
using Amazon.LakeFormation.Model;
using Amazon.SecurityToken.Model;
using Amazon.ServiceQuotas;
using Amazon.ServiceQuotas.Model;
using Amazon.SimpleSystemsManagement.Model;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab preflight [--modules LIST]</c>: before a first deploy, with no lab stack needed, checks what the account and
/// region will do to the selected modules: credentials, region, CDK bootstrap, the services offered in the region, the
/// quotas a new account often lacks, and Lake Formation's defaults. One line per check, pass, warn or fail, with the fix.
/// </summary>
public static class Preflight
{
    /// <summary>
    /// The lowest bootstrap version the lab's templates deploy with: aws-cdk-lib 2.160.0's DefaultStackSynthesizer
    /// (<c>MIN_BOOTSTRAP_STACK_VERSION = 6</c>, core/lib/stack-synthesizers/default-synthesizer.js; it writes the
    /// <c>CheckBootstrapVersion</c> rule into every template). The lab makes no context lookups, which would need 8.
    /// </summary>
    public const int RequiredBootstrapVersion = 6;

    /// <summary>
    /// The version <c>cdk bootstrap</c> of the pinned CDK CLI (aws-cdk 2.1148.1, package.json) writes: the
    /// <c>CdkBootstrapVersion</c> parameter's value in its lib/api/bootstrap/bootstrap-template.yaml. A test reads both.
    /// </summary>
    public const int CliBootstrapVersion = 33;

    /// <summary>
    /// The services each module calls, by their ids in SSM's public global-infrastructure parameters
    /// (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters-global-infrastructure.html).
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Services { get; } = new Dictionary<string, string[]>
    {
        ["expiry"] = ["stepfunctions", "cloudformation"],
        ["datalake"] = ["s3", "glue", "athena"],
        ["streaming"] = ["kinesis", "firehose"],
        ["emr"] = ["emr"],
        ["sagemaker"] = ["sagemaker"],
        ["pipeline"] = ["stepfunctions", "rekognition", "comprehend", "translate", "transcribe", "polly"],
        ["lex"] = ["lex"],
        ["mlops"] = ["sagemaker", "stepfunctions", "events"],
        ["flink"] = ["kinesisanalytics"],
        ["groundtruth"] = ["sagemaker", "cognito-idp"],
    };

    /// <summary>
    /// The instance type the notebooks' training, transform jobs and endpoints use (the first of NotebookJobs'
    /// TrainingInstanceTypes and EndpointInstanceTypes, which the notebooks' role allows; a test compares).
    /// </summary>
    public const string NotebookJobInstanceType = "ml.m5.large";

    /// <summary>
    /// EC2's "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" quota, in vCPUs, which EMR's m5, m6i, m7i,
    /// c5, c6i, r5 and r6i nodes count against (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html).
    /// </summary>
    public const string Ec2StandardVcpuQuota = "L-1216C47A";

    /// <summary>One check's outcome.</summary>
    public enum Result
    {
        /// <summary>Fine.</summary>
        Pass,

        /// <summary>Works, with something to know.</summary>
        Warn,

        /// <summary>Would fail the deploy or an exercise.</summary>
        Fail,
    }

    /// <summary>One line of the report.</summary>
    public sealed record Check(string Name, Result Result, string Detail);

    /// <summary>A quota a module needs: by L-code, or by the name AWS gives it (resolved to its L-code by Service Quotas itself).</summary>
    public sealed record QuotaNeed(string ServiceCode, string? QuotaCode, string? QuotaName, int Need, string Why);

    /// <summary>Runs the checks and prints them; 0 when none failed, 1 otherwise.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress)
    {
        var context = LabContext.Read(options.ProjectFolder);
        var modules = context.Modules(options.Modules);
        var needs = QuotaNeeds(context, modules);
        using var clients = LabClients.Create();
        var region = clients.Region.SystemName;
        var checks = new List<Check>();

        progress.WriteLine("preflight: credentials (sts:GetCallerIdentity)");
        var (credentials, account) = await CredentialsAsync(clients).ConfigureAwait(false);
        checks.Add(credentials);
        checks.Add(Region(region));
        if (account is not null)
        {
            progress.WriteLine("preflight: CDK bootstrap and services in the region (ssm)");
            checks.Add(await BootstrapAsync(clients, context.BootstrapQualifier, account).ConfigureAwait(false));
            checks.Add(await ServicesAsync(clients, modules).ConfigureAwait(false));
            progress.WriteLine("preflight: quotas (servicequotas)");
            checks.AddRange(await QuotasAsync(new AmazonServiceQuotasClient(clients.Aws), needs, region).ConfigureAwait(false));
            progress.WriteLine("preflight: Lake Formation settings");
            checks.Add(await LakeFormationAsync(new AmazonLakeFormationClient(clients.Aws)).ConfigureAwait(false));
        }
        Report.Write(output, options.Json, checks.Select(c => new Report.Row(c.Name, c.Result, c.Detail)).ToList(),
            $"modules {string.Join(",", modules)}, region {region}");
        return checks.Any(c => c.Result == Result.Fail) ? 1 : 0;
    }

    /// <summary>The account and how the credentials were found; a refused key is a failed check (nothing else can run).</summary>
    private static async Task<(Check Check, string? Account)> CredentialsAsync(LabClients clients)
    {
        try
        {
            var identity = await clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()).ConfigureAwait(false);
            var who = $"account {identity.Account} as {identity.Arn}, from {clients.CredentialSource}";
            return (identity.Arn.EndsWith(":root", StringComparison.Ordinal)
                ? new Check("credentials", Result.Warn, $"{who}: these are the root user's keys; deploy as an IAM Identity Center or IAM user instead " +
                    "(https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html)")
                : new Check("credentials", Result.Pass, who), identity.Account);
        }
        catch (Amazon.Runtime.AmazonServiceException error) when (error.ErrorCode is "InvalidClientTokenId" or "ExpiredToken" or "SignatureDoesNotMatch" or "UnrecognizedClientException")
        {
            return (new Check("credentials", Result.Fail, $"AWS refused the credentials from {clients.CredentialSource} ({error.ErrorCode}): " +
                "run aws sso login again, or renew the access keys (aws configure)"), null);
        }
        catch (Amazon.Runtime.AmazonServiceException error)
        {
            throw AwsCallException.From("sts:GetCallerIdentity", error);
        }
    }

    /// <summary>The region; outside us-east-1 the lab's prices (us-east-1's) are only a guide.</summary>
    private static Check Region(string region) => region == "us-east-1"
        ? new Check("region", Result.Pass, region)
        : new Check("region", Result.Warn, $"{region}: the lab's price table (synth summary, lab status) holds us-east-1's prices; this region's may differ " +
            "(https://aws.amazon.com/pricing/)");

    /// <summary>The bootstrap stack's version parameter against what the templates and the pinned CLI need.</summary>
    private static async Task<Check> BootstrapAsync(LabClients clients, string qualifier, string account)
    {
        var name = $"/cdk-bootstrap/{qualifier}/version";
        var fix = $"npx cdk bootstrap aws://{account}/{clients.Region.SystemName}";
        string? value;
        try
        {
            value = (await AwsCallException.Sdk("ssm:GetParameter", () => clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = name })).ConfigureAwait(false)).Parameter?.Value;
        }
        catch (AwsCallException error) when (error.ErrorCode == "ParameterNotFound")
        {
            return new Check("CDK bootstrap", Result.Fail, $"not bootstrapped (no {name}): run {fix}");
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return new Check("CDK bootstrap", Result.Fail, $"{name} is '{value}', not a version: run {fix}");
        }
        return version < RequiredBootstrapVersion
            ? new Check("CDK bootstrap", Result.Fail, $"version {version}, the lab's templates need {RequiredBootstrapVersion} or later: run {fix}")
            : version < CliBootstrapVersion
                ? new Check("CDK bootstrap", Result.Warn, $"version {version} deploys the lab; the pinned CDK CLI bootstraps version {CliBootstrapVersion}: run {fix} to upgrade")
                : new Check("CDK bootstrap", Result.Pass, $"version {version} ({name})");
    }

    /// <summary>Every service of the selected modules is offered in the region (SSM's public parameters, all pages).</summary>
    private static async Task<Check> ServicesAsync(LabClients clients, IReadOnlyList<string> modules)
    {
        var region = clients.Region.SystemName;
        var offered = new HashSet<string>();
        var request = new GetParametersByPathRequest { Path = $"/aws/service/global-infrastructure/regions/{region}/services" };
        do
        {
            var page = await AwsCallException.Sdk("ssm:GetParametersByPath", () => clients.Ssm.GetParametersByPathAsync(request)).ConfigureAwait(false);
            offered.UnionWith((page.Parameters ?? []).Select(p => p.Value));
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        var missing = modules.SelectMany(m => Services[m].Where(s => !offered.Contains(s)).Select(s => (Module: m, Service: s))).ToList();
        var needed = modules.SelectMany(m => Services[m]).Distinct().ToList();
        return missing.Count == 0
            ? new Check("services in the region", Result.Pass, $"all {needed.Count} offered in {region}: {string.Join(", ", needed)}")
            : new Check("services in the region", Result.Fail, $"not offered in {region}: " +
                string.Join(", ", missing.Select(m => $"{m.Service} (module {m.Module})")) +
                ": deploy to a region that offers them (AWS_REGION), or leave those modules out (-c modules=...)");
    }

    /// <summary>What the selected modules start, as quota needs.</summary>
    public static IReadOnlyList<QuotaNeed> QuotaNeeds(LabContext context, IReadOnlyList<string> modules)
    {
        var needs = new List<QuotaNeed>();
        if (modules.Contains("sagemaker"))
        {
            var sagemaker = context.SageMaker;
            needs.Add(new("sagemaker", null, $"{sagemaker.NotebookInstanceType} for notebook instance usage", 1, "the lab's notebook"));
            needs.Add(new("sagemaker", null, $"{NotebookJobInstanceType} for training job usage", 1, "the notebooks' training jobs"));
            needs.Add(new("sagemaker", null, $"{NotebookJobInstanceType} for transform job usage", 1, "the notebooks' batch transform"));
            var realtime = sagemaker.EndpointMode == SageMaker.EndpointMode.Realtime;
            if (realtime && sagemaker.EndpointInstanceType != NotebookJobInstanceType)
            {
                needs.Add(new("sagemaker", null, $"{sagemaker.EndpointInstanceType} for endpoint usage", 1, "the real-time sentiment endpoint"));
            }
            needs.Add(new("sagemaker", null, $"{NotebookJobInstanceType} for endpoint usage", realtime && sagemaker.EndpointInstanceType == NotebookJobInstanceType ? 2 : 1,
                realtime && sagemaker.EndpointInstanceType == NotebookJobInstanceType ? "the notebooks' endpoint and the real-time sentiment endpoint" : "the notebooks' endpoint"));
        }
        if (modules.Contains("emr"))
        {
            var emr = context.Emr;
            var nodes = 1 + emr.CoreNodes;
            needs.Add(new("ec2", Ec2StandardVcpuQuota, null, nodes * Vcpus(emr.InstanceType),
                $"EMR's {nodes} {emr.InstanceType} node{(nodes == 1 ? "" : "s")}"));
        }
        return needs;
    }

    /// <summary>vCPUs of the EMR sizes the lab offers (EmrSettings.Sizes): xlarge 4, 2xlarge 8, 4xlarge 16 in every offered family.</summary>
    public static int Vcpus(string instanceType) => instanceType.Split('.')[^1] switch
    {
        "xlarge" => 4,
        "2xlarge" => 8,
        "4xlarge" => 16,
        var size => throw new CliException($"emrInstanceType {instanceType}: size {size} is not one the lab offers."),
    };

    /// <summary>Each need against the account's value, or the AWS default when the account never changed it (NoSuchResourceException).</summary>
    private static async Task<IReadOnlyList<Check>> QuotasAsync(AmazonServiceQuotasClient quotas, IReadOnlyList<QuotaNeed> needs, string region)
    {
        var checks = new List<Check>();
        var byName = new Dictionary<string, Dictionary<string, string>>();
        foreach (var need in needs)
        {
            var code = need.QuotaCode;
            if (code is null)
            {
                if (!byName.TryGetValue(need.ServiceCode, out var names))
                {
                    byName[need.ServiceCode] = names = await QuotaCodesAsync(quotas, need.ServiceCode).ConfigureAwait(false);
                }
                if (!names.TryGetValue(need.QuotaName!, out code))
                {
                    checks.Add(new Check($"quota {need.QuotaName}", Result.Warn,
                        $"Service Quotas lists no such {need.ServiceCode} quota in {region}: look it up in the Service Quotas console before {need.Why} start"));
                    continue;
                }
            }
            var (quota, applied) = await QuotaAsync(quotas, need.ServiceCode, code).ConfigureAwait(false);
            var name = need.QuotaName ?? quota.QuotaName ?? code;
            var value = quota.Value ?? 0;
            var source = $"{code}, {(applied ? "this account's value" : "the AWS default: never raised here")}";
            var request = $"aws service-quotas request-service-quota-increase --service-code {need.ServiceCode} --quota-code {code} " +
                $"--desired-value {need.Need} --region {region}";
            var what = $"{need.Need} for {need.Why}, quota {Number(value)} ({source})";
            checks.Add(value < need.Need
                ? new Check($"quota {name}", Result.Fail, $"{what}: {request}")
                : value == need.Need
                    ? new Check($"quota {name}", Result.Warn, $"{what}: nothing to spare, anything else of this kind in the account is refused")
                    : new Check($"quota {name}", Result.Pass, what));
        }
        return checks;
    }

    /// <summary>A service's quota names and their L-codes, from every page of ListAWSDefaultServiceQuotas.</summary>
    private static async Task<Dictionary<string, string>> QuotaCodesAsync(AmazonServiceQuotasClient quotas, string serviceCode)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new ListAWSDefaultServiceQuotasRequest { ServiceCode = serviceCode, MaxResults = 100 };
        do
        {
            var page = await quotas.ListAWSDefaultServiceQuotasAsync(request).ConfigureAwait(false);
            foreach (var quota in page.Quotas ?? [])
            {
                if (quota.QuotaName is string name && quota.QuotaCode is string code)
                {
                    names.TryAdd(name, code);
                }
            }
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        return names;
    }

    private static async Task<(ServiceQuota Quota, bool Applied)> QuotaAsync(AmazonServiceQuotasClient quotas, string serviceCode, string code)
    {
        try
        {
            var applied = await quotas.GetServiceQuotaAsync(new GetServiceQuotaRequest { ServiceCode = serviceCode, QuotaCode = code }).ConfigureAwait(false);
            return (applied.Quota ?? new ServiceQuota(), true);
        }
        catch (AwsCallException error) when (error.ErrorCode == "NoSuchResourceException")
        {
            var standard = await quotas.GetAWSDefaultServiceQuotaAsync(new GetAWSDefaultServiceQuotaRequest { ServiceCode = serviceCode, QuotaCode = code }).ConfigureAwait(false);
            return (standard.Quota ?? new ServiceQuota(), false);
        }
    }

    /// <summary>
    /// Lake Formation's defaults for new databases and tables: with IAM_ALLOWED_PRINCIPALS ALL ("use only IAM access
    /// control", the default) the lab's IAM policies are all Glue and Athena need; without it they are refused until
    /// Lake Formation grants them (https://docs.aws.amazon.com/lake-formation/latest/dg/change-settings.html).
    /// </summary>
    private static async Task<Check> LakeFormationAsync(AmazonLakeFormationClient lakeFormation)
    {
        var settings = (await lakeFormation.GetDataLakeSettingsAsync(new GetDataLakeSettingsRequest()).ConfigureAwait(false)).DataLakeSettings;
        static bool IamOnly(List<PrincipalPermissions>? defaults) => (defaults ?? []).Any(p =>
            p.Principal?.DataLakePrincipalIdentifier == "IAM_ALLOWED_PRINCIPALS" && (p.Permissions ?? []).Contains("ALL"));
        const string fix = "in the Lake Formation console, Data Catalog settings, tick \"Use only IAM access control\" for new databases and new tables, " +
            "or grant the lab's roles Lake Formation permissions on its database";
        return !IamOnly(settings?.CreateDatabaseDefaultPermissions)
            ? new Check("Lake Formation defaults", Result.Fail, $"new databases do not use only IAM access control: the lab's Glue crawler, jobs and Athena queries would be refused: {fix}")
            : !IamOnly(settings?.CreateTableDefaultPermissions)
                ? new Check("Lake Formation defaults", Result.Warn, $"new databases use IAM access control, new tables do not: tables the crawler adds may be refused to Athena: {fix}")
                : new Check("Lake Formation defaults", Result.Pass, "new databases and tables use only IAM access control (IAM_ALLOWED_PRINCIPALS)");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
