using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace LabStack.Cli.Tests;

/// <summary>
/// Checks a request's Signature Version 4 as AWS does (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
/// recomputed from the request and the known secret, and refuses a temporary key's request without its session token
/// with the error AWS answers. Only what the lab command sends: no query string, the path "/".
/// </summary>
public static class SigV4
{
    /// <summary>The error code and message AWS answers for <paramref name="request"/>, or null when it is signed correctly.</summary>
    public static (string Code, string Message)? Refusal(HttpListenerRequest request, byte[] body, IReadOnlyDictionary<string, (string Secret, string? Token)> keys)
    {
        var authorization = request.Headers["Authorization"] ?? "";
        var fields = authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)
            ? authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1])
            : [];
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaders) || !fields.TryGetValue("Signature", out var signature))
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        var scope = credential.Split('/', 2);
        if (!keys.TryGetValue(scope[0], out var key))
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        var signed = signedHeaders.Split(';');
        var token = request.Headers["X-Amz-Security-Token"];
        if (key.Token is not null && (token != key.Token || !signed.Contains("x-amz-security-token")))
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        var canonical = string.Join('\n', request.HttpMethod, request.Url!.AbsolutePath, "",
            string.Concat(signed.Select(h => $"{h}:{(request.Headers[h] ?? "").Trim()}\n")), signedHeaders, Hex(SHA256.HashData(body)));
        var date = request.Headers["X-Amz-Date"] ?? "";
        var toSign = string.Join('\n', "AWS4-HMAC-SHA256", date, scope[1], Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var parts = scope[1].Split('/'); // date/region/service/aws4_request
        var signingKey = parts.Aggregate(Encoding.UTF8.GetBytes("AWS4" + key.Secret), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        return Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(toSign))) == signature
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
