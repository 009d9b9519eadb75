namespace LabStack;

/// <summary>The one way the modules write IAM statements and the ARNs they name.</summary>
public static partial class Iam
{
    /// <summary>An Allow statement of <paramref name="actions"/> on <paramref name="resources"/>.</summary>
    public static PolicyStatement Allow(string[] actions, params string[] resources) =>
        new(new PolicyStatementProps { Actions = actions, Resources = resources });

    /// <summary>An Allow statement that applies only when <paramref name="operator"/> holds for each of <paramref name="conditions"/>.</summary>
    public static PolicyStatement AllowWhen(string @operator, IDictionary<string, object> conditions, string[] actions, params string[] resources) =>
        AllowWhen(new Dictionary<string, object> { [@operator] = conditions }, actions, resources);

    /// <summary>An Allow statement that applies only when every operator of <paramref name="conditions"/> (operator → key → value) holds.</summary>
    public static PolicyStatement AllowWhen(IDictionary<string, object> conditions, string[] actions, params string[] resources) =>
        new(new PolicyStatementProps { Actions = actions, Resources = resources, Conditions = conditions });

    /// <summary><c>iam:PassRole</c> of <paramref name="role"/>, to <paramref name="service"/> only.</summary>
    public static PolicyStatement PassRoleTo(IRole role, string service, string @operator = "StringEquals") =>
        AllowWhen(@operator, new Dictionary<string, object> { ["iam:PassedToService"] = service }, ["iam:PassRole"], role.RoleArn);

    /// <summary>
    /// <paramref name="trust"/>'s service principal, with the condition that service's confused-deputy documentation
    /// shows for that use, or none where it shows none (<see cref="ServiceFacts.Trust"/> cites each page).
    /// </summary>
    public static IPrincipal Trusting(TrustFact trust)
    {
        var principal = new ServicePrincipal(trust.Principal);
        if (trust.Operator is null || trust.Key is null || trust.Value is null)
        {
            return principal;
        }
        var value = trust.Value.Replace("{account}", Aws.ACCOUNT_ID).Replace("{region}", Aws.REGION).Replace("{partition}", Aws.PARTITION);
        return principal.WithConditions(new Dictionary<string, object> { [trust.Operator] = new Dictionary<string, object> { [trust.Key] = value } });
    }

    /// <summary>A role only <paramref name="trust"/>'s service may assume (see <see cref="Trusting"/>).</summary>
    public static Role ServiceRole(Construct scope, string id, TrustFact trust) =>
        new(scope, id, new RoleProps { AssumedBy = Trusting(trust) });

    /// <summary>
    /// A policy of <paramref name="statements"/> on <paramref name="role"/>, with cdk-nag's IAM5 finding suppressed for
    /// exactly its wildcard resources, for <paramref name="wildcardReason"/>. The suppression's patterns are derived from
    /// the statements themselves (<see cref="WildcardFindings"/>), so they name the same prefixes that build the ARNs.
    /// </summary>
    public static Policy Grant(Construct scope, string id, IRole? role, string wildcardReason, params PolicyStatement[] statements)
    {
        var policy = new Policy(scope, id, new PolicyProps { Roles = role is null ? null : [role], Statements = statements });
        var findings = WildcardFindings(statements);
        if (findings.Length > 0)
        {
            Nag.Suppress(policy, new NagSuppression("AwsSolutions-IAM5", wildcardReason, findings));
        }
        return policy;
    }

    /// <summary>
    /// The IAM5 findings cdk-nag reports for the wildcard resources of <paramref name="statements"/>, as it writes
    /// them: <c>Resource::*</c>, or the ARN's literal parts with <c>.*</c> for each token (cdk-nag shows a token as
    /// <c>&lt;LogicalId.Arn&gt;</c> or <c>&lt;AWS::Region&gt;</c>).
    /// </summary>
    public static string[] WildcardFindings(IEnumerable<PolicyStatement> statements) => statements
        .SelectMany(statement => statement.Resources)
        .Where(resource => resource.Contains('*', StringComparison.Ordinal))
        .Select(resource => resource == "*"
            ? Nag.AnyResource
            : "/^Resource::" + string.Join(".*", TokenPattern().Split(resource).Select(EscapeForNag)) + "$/")
        .Distinct()
        .ToArray();

    private static string EscapeForNag(string literal) =>
        System.Text.RegularExpressions.Regex.Escape(literal).Replace("/", "\\/", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{Token\[[^\]]+\]\}")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();

    /// <summary>A Glue Data Catalog ARN in this account and region: <c>catalog</c>, <c>database/x</c>, <c>table/x/y</c>.</summary>
    public static string GlueArn(IConstruct scope, string resource) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "glue", Resource = resource });

    /// <summary>A CloudWatch Logs log group ARN in this account and region; <paramref name="name"/> may end in <c>*</c>.</summary>
    public static string LogGroupArn(IConstruct scope, string name) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "logs", Resource = "log-group", ResourceName = name, ArnFormat = ArnFormat.COLON_RESOURCE_NAME });
}
