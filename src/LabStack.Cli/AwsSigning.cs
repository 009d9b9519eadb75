using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using Amazon.Util;

namespace LabStack.Cli;

/// <summary>
/// The one way the <c>lab</c> command signs a request it builds itself (the AWS SDK's own clients sign theirs):
/// SigV4 with AWSSDK.Core's signer, and, with temporary credentials (SSO, an assumed role, CloudShell), the session
/// token in a signed <c>X-Amz-Security-Token</c> header. The SDK's pipeline adds that header before its signer runs;
/// the signer alone does not, and AWS refuses a temporary key without its token ("The security token included in the
/// request is invalid").
/// </summary>
public static class AwsSigning
{
    /// <summary>Adds the token (when the credentials have one), then the SigV4 Authorization header, to <paramref name="request"/>.</summary>
    public static async Task SignAsync(IRequest request, IClientConfig config, AWSCredentials credentials)
    {
        var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        if (identity.UseToken)
        {
            request.Headers[HeaderKeys.XAmzSecurityTokenHeader] = identity.Token;
        }
        var signed = new AWS4Signer().SignRequest(request, config, new RequestMetrics(), identity.AccessKey, identity.SecretKey);
        request.Headers[HeaderKeys.AuthorizationHeader] = signed.ForAuthorizationHeader;
    }
}
