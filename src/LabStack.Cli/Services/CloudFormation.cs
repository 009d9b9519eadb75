using System.Xml.Linq;
using Amazon.CloudFormation.Model;
using LabStack.Cli.Aws;

namespace Amazon.CloudFormation
{
    /// <summary>
    /// The CloudFormation calls the <c>lab</c> command makes (query protocol, XML answers), named as AWSSDK.CloudFormation
    /// names them. DescribeStacks rather than Cloud Control's GetResource: one paged call lists every stack of the region
    /// with its status, where GetResource reads one resource by its identifier (the lab's stacks' names would have to be
    /// known first, and a stack that is gone would be an error, not a row).
    /// </summary>
    public sealed class AmazonCloudFormationClient(SignedAwsClient aws)
    {
        /// <summary>DescribeStacks: one page of the region's stacks (or the one named), NextToken for the next.</summary>
        public async Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
        {
            var result = await aws.QueryAsync(AwsService.CloudFormation, "DescribeStacks", Parameters(("StackName", request.StackName), ("NextToken", request.NextToken)), cancellationToken).ConfigureAwait(false);
            return new DescribeStacksResponse
            {
                Stacks = Members(Child(result, "Stacks")).Select(s => new Stack
                {
                    StackName = Child(s, "StackName")?.Value, StackId = Child(s, "StackId")?.Value, StackStatus = Child(s, "StackStatus")?.Value,
                }).ToList(),
                NextToken = Child(result, "NextToken")?.Value,
            };
        }

        /// <summary>DescribeStackResource: one resource of a stack by its logical id (its physical id: the name CloudFormation gave it).</summary>
        public async Task<DescribeStackResourceResponse> DescribeStackResourceAsync(DescribeStackResourceRequest request, CancellationToken cancellationToken = default)
        {
            var result = await aws.QueryAsync(AwsService.CloudFormation, "DescribeStackResource",
                Parameters(("StackName", request.StackName), ("LogicalResourceId", request.LogicalResourceId)), cancellationToken).ConfigureAwait(false);
            var detail = Child(result, "StackResourceDetail");
            return new DescribeStackResourceResponse
            {
                StackResourceDetail = detail is null ? null : new StackResourceDetail
                {
                    LogicalResourceId = Child(detail, "LogicalResourceId")?.Value, PhysicalResourceId = Child(detail, "PhysicalResourceId")?.Value,
                    ResourceStatus = Child(detail, "ResourceStatus")?.Value,
                },
            };
        }

        private static IEnumerable<KeyValuePair<string, string>> Parameters(params (string Name, string? Value)[] parameters) =>
            parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Name, p.Value!));

        private static XElement? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

        private static IEnumerable<XElement> Members(XElement? list) => list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];
    }
}

namespace Amazon.CloudFormation.Model
{
    /// <summary>DescribeStacks' input.</summary>
    public sealed class DescribeStacksRequest
    {
        /// <summary>One stack's name or id; null: every stack of the region.</summary>
        public string? StackName { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeStacks' output.</summary>
    public sealed class DescribeStacksResponse
    {
        /// <summary>The stacks of this page.</summary>
        public List<Stack> Stacks { get; set; } = [];

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A stack, as far as the lab reads it.</summary>
    public sealed class Stack
    {
        /// <summary>Its name.</summary>
        public string? StackName { get; set; }

        /// <summary>Its id.</summary>
        public string? StackId { get; set; }

        /// <summary>Its status (CREATE_COMPLETE, UPDATE_ROLLBACK_FAILED...).</summary>
        public string? StackStatus { get; set; }
    }

    /// <summary>DescribeStackResource's input.</summary>
    public sealed class DescribeStackResourceRequest
    {
        /// <summary>The stack.</summary>
        public string? StackName { get; set; }

        /// <summary>The resource's logical id.</summary>
        public string? LogicalResourceId { get; set; }
    }

    /// <summary>DescribeStackResource's output.</summary>
    public sealed class DescribeStackResourceResponse
    {
        /// <summary>The resource.</summary>
        public StackResourceDetail? StackResourceDetail { get; set; }
    }

    /// <summary>A stack's resource.</summary>
    public sealed class StackResourceDetail
    {
        /// <summary>Its logical id.</summary>
        public string? LogicalResourceId { get; set; }

        /// <summary>Its physical id.</summary>
        public string? PhysicalResourceId { get; set; }

        /// <summary>Its status.</summary>
        public string? ResourceStatus { get; set; }
    }
}
