using Amazon.KinesisFirehose.Model;
using LabStack.Cli.Aws;

namespace Amazon.KinesisFirehose
{
    /// <summary>The Firehose call <c>lab verify</c> makes (AWS JSON 1.1), named as AWSSDK.KinesisFirehose names it.</summary>
    public sealed class AmazonKinesisFirehoseClient(SignedAwsClient aws)
    {
        /// <summary>DescribeDeliveryStream: its status and its S3 destination's buffering.</summary>
        public Task<DescribeDeliveryStreamResponse> DescribeDeliveryStreamAsync(DescribeDeliveryStreamRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeDeliveryStreamRequest, DescribeDeliveryStreamResponse>(AwsService.Firehose, "DescribeDeliveryStream", request, cancellationToken);
    }
}

namespace Amazon.KinesisFirehose.Model
{
    /// <summary>DescribeDeliveryStream's input.</summary>
    public sealed class DescribeDeliveryStreamRequest
    {
        /// <summary>The delivery stream.</summary>
        public string? DeliveryStreamName { get; set; }
    }

    /// <summary>DescribeDeliveryStream's output.</summary>
    public sealed class DescribeDeliveryStreamResponse
    {
        /// <summary>The delivery stream.</summary>
        public DeliveryStreamDescription? DeliveryStreamDescription { get; set; }
    }

    /// <summary>A delivery stream, as far as the lab reads it.</summary>
    public sealed class DeliveryStreamDescription
    {
        /// <summary>Its name.</summary>
        public string? DeliveryStreamName { get; set; }

        /// <summary>CREATING, ACTIVE, DELETING, CREATING_FAILED...</summary>
        public string? DeliveryStreamStatus { get; set; }

        /// <summary>Its destinations.</summary>
        public List<DestinationDescription>? Destinations { get; set; }
    }

    /// <summary>A destination.</summary>
    public sealed class DestinationDescription
    {
        /// <summary>Its id.</summary>
        public string? DestinationId { get; set; }

        /// <summary>The S3 destination (with format conversion).</summary>
        public ExtendedS3DestinationDescription? ExtendedS3DestinationDescription { get; set; }
    }

    /// <summary>An S3 destination, as far as the lab reads it.</summary>
    public sealed class ExtendedS3DestinationDescription
    {
        /// <summary>Its prefix.</summary>
        public string? Prefix { get; set; }

        /// <summary>When it writes.</summary>
        public BufferingHints? BufferingHints { get; set; }
    }

    /// <summary>A destination's buffering: it writes when either is reached.</summary>
    public sealed class BufferingHints
    {
        /// <summary>Megabytes.</summary>
        public int? SizeInMBs { get; set; }

        /// <summary>Seconds.</summary>
        public int? IntervalInSeconds { get; set; }
    }
}
