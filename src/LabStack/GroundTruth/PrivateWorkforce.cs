using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.Sagemaker;

namespace LabStack.GroundTruth;

/// <summary>Props for <see cref="PrivateWorkforce"/>.</summary>
public sealed record PrivateWorkforceProps
{
    /// <summary>The lab's name: it names the workforce (one per region) and the workers' group.</summary>
    public required string LabName { get; init; }

    /// <summary>The only worker: invited by the user pool by email.</summary>
    public required string WorkerEmail { get; init; }

    /// <summary>The existing workforce's user pool id, or null to create the pool and the workforce.</summary>
    public string? ExistingUserPoolId { get; init; }

    /// <summary>The existing workforce's app client id (with <see cref="ExistingUserPoolId"/>).</summary>
    public string? ExistingClientId { get; init; }
}

/// <summary>
/// A private workteam of one worker, the learner. An account has one private workforce per region
/// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateWorkforce.html) and SageMaker creates it with the
/// first private workteam when none exists (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sagemaker-workforce.html:
/// "automatically created when you create your first private work team"); such a workforce would belong to no stack and
/// outlive the lab, pointing at a deleted user pool. So, unless the account already has one, the stack creates the
/// workforce itself (<c>AWS::SageMaker::Workforce</c>, deleted with the stack, after the workteam) with a Cognito user pool,
/// its domain (the workers' sign-in pages) and an app client. With an existing workforce, the group and the worker go into
/// its user pool, and the stack deletes only them. The worker is the user pool's user, invited by Cognito's email.
/// </summary>
public sealed class PrivateWorkforce : Construct
{
    /// <summary>The workteam.</summary>
    public CfnWorkteam Workteam { get; }

    /// <summary>The user pool the lab created, or null with an existing workforce.</summary>
    public UserPool? Pool { get; private set; }

    /// <summary>The workforce the lab created, or null with an existing workforce.</summary>
    public CfnResource? Workforce { get; private set; }

    public PrivateWorkforce(Construct scope, string id, PrivateWorkforceProps props) : base(scope, id)
    {
        var (poolId, clientId) = props.ExistingUserPoolId is string existing
            ? (existing, props.ExistingClientId!)
            : CreateWorkforce(props.LabName);
        // Group names are unique within their pool only; the lab's name keeps it apart from an existing pool's groups.
        var group = new CfnUserPoolGroup(this, "Group", new CfnUserPoolGroupProps
        {
            UserPoolId = poolId, GroupName = $"{props.LabName}-labelers", Description = "The ML study lab's labeling workteam",
        });
        var worker = new CfnUserPoolUser(this, "Worker", new CfnUserPoolUserProps
        {
            UserPoolId = poolId,
            Username = props.WorkerEmail,
            DesiredDeliveryMediums = ["EMAIL"],
            UserAttributes = new object[]
            {
                new CfnUserPoolUser.AttributeTypeProperty { Name = "email", Value = props.WorkerEmail },
                new CfnUserPoolUser.AttributeTypeProperty { Name = "email_verified", Value = "true" },
            },
        });
        var membership = new CfnUserPoolUserToGroupAttachment(this, "Membership", new CfnUserPoolUserToGroupAttachmentProps
        {
            UserPoolId = poolId, GroupName = group.Ref, Username = worker.Ref,
        });
        Workteam = new CfnWorkteam(this, "Workteam", new CfnWorkteamProps
        {
            Description = "The ML study lab's learner, labeling the lab's images",
            // With an existing workforce, the region's (the only one there is).
            WorkforceName = Workforce is null ? null : WorkforceName(props.LabName),
            MemberDefinitions = new object[]
            {
                new CfnWorkteam.MemberDefinitionProperty
                {
                    CognitoMemberDefinition = new CfnWorkteam.CognitoMemberDefinitionProperty
                    {
                        CognitoUserPool = poolId, CognitoClientId = clientId, CognitoUserGroup = group.Ref,
                    },
                },
            },
        });
        Workteam.Node.AddDependency(membership);
        if (Workforce is not null)
        {
            Workteam.AddDependency(Workforce);
        }
    }

    /// <summary>The workforce's name: fixed, as the API requires one (the region has at most one).</summary>
    public static string WorkforceName(string labName) => $"{labName}-workforce";

    private (string PoolId, string ClientId) CreateWorkforce(string labName)
    {
        var pool = new UserPool(this, "Pool", new UserPoolProps
        {
            // Only the stack adds workers; they sign in with their email address, which Cognito has already verified.
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Email = true },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            PasswordPolicy = new PasswordPolicy
            {
                MinLength = 12, RequireDigits = true, RequireLowercase = true, RequireUppercase = true, RequireSymbols = true,
                TempPasswordValidity = Duration.Days(7),
            },
            UserInvitation = new UserInvitationConfig
            {
                EmailSubject = "Your ML study lab labeling account",
                EmailBody = "You are the labeling workteam of your ML study lab. Sign in as {username} with the temporary password {####} " +
                    "at the labeling portal the lab's notebook 12 prints (aws sagemaker describe-workteam ... Workteam.SubDomain).",
            },
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Suppress(pool,
            new NagSuppression("AwsSolutions-COG2", "One worker, the learner, for a study lab's labeling job; MFA would add a phone or authenticator step to a 10-minute exercise."),
            new NagSuppression("AwsSolutions-COG3", "Advanced security (threat protection) bills per active user; the pool has one invited user and no self sign-up."));
        // The workers' sign-in pages. A Cognito domain prefix is unique per region and cannot be generated by CloudFormation;
        // the account id makes it unique, the lab's name tells labs apart.
        var domain = pool.AddDomain("Domain", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions { DomainPrefix = $"{labName}-labeling-{Aws.ACCOUNT_ID}" },
        });
        // Ground Truth signs workers in through the app client's OAuth code and implicit grants with a client secret; SageMaker
        // sets the client's callback and sign-out URLs to the labeling portal's when it creates the workforce
        // (https://docs.aws.amazon.com/sagemaker/latest/dg/sms-workforce-create-private-cognito.html).
        var client = pool.AddClient("Client", new UserPoolClientOptions
        {
            GenerateSecret = true,
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { AuthorizationCodeGrant = true, ImplicitCodeGrant = true },
                Scopes = [OAuthScope.EMAIL, OAuthScope.OPENID, OAuthScope.PROFILE],
            },
        });
        // CDK 2.160 has no L1 for AWS::SageMaker::Workforce; the resource is in CloudFormation's registry and the service spec.
        var workforce = new CfnResource(this, "Workforce", new CfnResourceProps
        {
            Type = "AWS::SageMaker::Workforce",
            Properties = new Dictionary<string, object>
            {
                ["WorkforceName"] = WorkforceName(labName),
                ["CognitoConfig"] = new Dictionary<string, object> { ["UserPool"] = pool.UserPoolId, ["ClientId"] = client.UserPoolClientId },
            },
        });
        workforce.Node.AddDependency(domain);
        (Pool, Workforce) = (pool, workforce);
        return (pool.UserPoolId, client.UserPoolClientId);
    }
}
