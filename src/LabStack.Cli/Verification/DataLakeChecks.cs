using Amazon.S3;
using LabStack.Cli.Aws;
using LabStack.DataLake;

namespace LabStack.Cli.Verification;

/// <summary>The data lake: the sample dataset is in the lake.</summary>
public static class DataLakeChecks
{
    /// <summary>The sample dataset's key in the lake.</summary>
    public const string DatasetKey = LakeLayout.SampleCustomers + "customers.csv";

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("datalake", "sample dataset in the lake", CheckPrice.Free, () => DatasetAsync(lab));
    }

    private static async Task<Verdict> DatasetAsync(VerifyContext lab)
    {
        var bucket = lab.Require("DataLake", "LakeBucketName");
        try
        {
            var dataset = await AwsCallException.Sdk("s3:GetObject", () => lab.Clients.S3.GetObjectMetadataAsync(bucket, DatasetKey)).ConfigureAwait(false);
            return dataset.ContentLength > 0
                ? Verdict.Pass($"s3://{bucket}/{DatasetKey}, {dataset.ContentLength} bytes")
                : Verdict.Fail($"s3://{bucket}/{DatasetKey} with the customers", "an empty object", "redeploy the DataLake stack");
        }
        catch (AwsCallException error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return Verdict.Fail($"s3://{bucket}/{DatasetKey}", "no such object", "redeploy the DataLake stack");
        }
    }
}
