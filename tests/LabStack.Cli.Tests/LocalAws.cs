using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;

namespace LabStack.Cli.Tests;

/// <summary>
/// A real S3-compatible server on loopback (s3rver, pinned in package.json and installed by npm ci) holding the lab's
/// lake bucket, and the Step Functions fake beside it; the CLI runs against both, as a separate process, with test
/// credentials and region in its environment.
/// </summary>
public sealed class LocalAws : IDisposable
{
    /// <summary>The lake bucket's name in the outputs and in s3rver.</summary>
    public const string Bucket = "lab-lake-bucket";

    /// <summary>The state machine's ARN in the outputs.</summary>
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:lab-pipeline";

    private readonly Process s3rver;
    private readonly string data = Directory.CreateTempSubdirectory("lab-s3rver-").FullName;

    /// <summary>Starts s3rver and the fake.</summary>
    public LocalAws()
    {
        NpmPackages.EnsureInstalled(Repository.Root);
        var port = FreePort();
        S3Endpoint = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node", [Path.Combine(Repository.Root, "node_modules", "s3rver", "bin", "s3rver.js"),
            "-d", data, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var listening = new TaskCompletionSource();
        s3rver = new Process { StartInfo = start };
        // Read everything s3rver prints (a full pipe would stop it), and wait for the line that says it listens.
        s3rver.OutputDataReceived += (_, line) => { if (line.Data?.Contains("listening", StringComparison.Ordinal) == true) listening.TrySetResult(); };
        s3rver.ErrorDataReceived += (_, _) => { };
        s3rver.Start();
        s3rver.BeginOutputReadLine();
        s3rver.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            s3rver.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"s3rver did not start within 30 s: run npm ci in {Repository.Root}");
        }
        S3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = S3Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        });
        StepFunctions = new FakeStepFunctions(FreePort(), InboxAsync);
    }

    /// <summary>s3rver's address.</summary>
    public string S3Endpoint { get; }

    /// <summary>A client of s3rver, for the tests' own reads and writes.</summary>
    public IAmazonS3 S3 { get; }

    /// <summary>The Step Functions fake.</summary>
    public FakeStepFunctions StepFunctions { get; }

    /// <summary>Writes an object into the lake (a result document, the sample dataset).</summary>
    public Task PutAsync(string key, string body) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = body, UseChunkEncoding = false });

    /// <summary>Reads an object of the lake, or null.</summary>
    public async Task<string?> GetAsync(string key)
    {
        try
        {
            using var response = await S3.GetObjectAsync(Bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The inbox's objects: key, size and ETag (without its quotes, as S3 events carry it).</summary>
    public async Task<IReadOnlyList<(string Key, long Size, string ETag)>> InboxAsync()
    {
        var objects = new List<(string, long, string)>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = "inbox/" };
        ListObjectsV2Response page;
        do
        {
            page = await S3.ListObjectsV2Async(request);
            objects.AddRange((page.S3Objects ?? []).Select(o => (o.Key, o.Size ?? 0, o.ETag.Trim('"'))));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return objects;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        StepFunctions.Dispose();
        S3.Dispose();
        s3rver.Kill(entireProcessTree: true);
        s3rver.Dispose();
        Directory.Delete(data, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The repository's folder (the one with cdk.json).</summary>
public static class Repository
{
    /// <summary>Found from the test binaries upward.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no cdk.json above " + AppContext.BaseDirectory);
    }
}
