using Amazon.LakeFormation.Model;
using LabStack.Cli.Aws;

namespace Amazon.LakeFormation
{
    /// <summary>The Lake Formation calls the <c>lab</c> command makes (rest-json), named as AWSSDK.LakeFormation names them.</summary>
    public sealed class AmazonLakeFormationClient(SignedAwsClient aws)
    {
        /// <summary>GetDataLakeSettings: the account's data lake administrators and the defaults new databases and tables get.</summary>
        public Task<GetDataLakeSettingsResponse> GetDataLakeSettingsAsync(GetDataLakeSettingsRequest request, CancellationToken cancellationToken = default) =>
            aws.RestJsonAsync<GetDataLakeSettingsRequest, GetDataLakeSettingsResponse>(AwsService.LakeFormation, "GetDataLakeSettings", "/GetDataLakeSettings", request, cancellationToken);
    }
}

namespace Amazon.LakeFormation.Model
{
    /// <summary>GetDataLakeSettings' input.</summary>
    public sealed class GetDataLakeSettingsRequest
    {
        /// <summary>The catalog (the account id); null: the caller's.</summary>
        public string? CatalogId { get; set; }
    }

    /// <summary>GetDataLakeSettings' output.</summary>
    public sealed class GetDataLakeSettingsResponse
    {
        /// <summary>The settings.</summary>
        public DataLakeSettings? DataLakeSettings { get; set; }
    }

    /// <summary>The data lake's settings, as far as the lab reads them.</summary>
    public sealed class DataLakeSettings
    {
        /// <summary>The administrators.</summary>
        public List<DataLakePrincipal>? DataLakeAdmins { get; set; }

        /// <summary>What a new database grants: IAM_ALLOWED_PRINCIPALS ALL is "use only IAM access control".</summary>
        public List<PrincipalPermissions>? CreateDatabaseDefaultPermissions { get; set; }

        /// <summary>What a new table grants.</summary>
        public List<PrincipalPermissions>? CreateTableDefaultPermissions { get; set; }
    }

    /// <summary>A principal and its permissions.</summary>
    public sealed class PrincipalPermissions
    {
        /// <summary>The principal.</summary>
        public DataLakePrincipal? Principal { get; set; }

        /// <summary>The permissions (ALL, SELECT...).</summary>
        public List<string>? Permissions { get; set; }
    }

    /// <summary>A Lake Formation principal.</summary>
    public sealed class DataLakePrincipal
    {
        /// <summary>An IAM ARN, or IAM_ALLOWED_PRINCIPALS.</summary>
        public string? DataLakePrincipalIdentifier { get; set; }
    }
}
