using Amazon.CDK;
using Constructs;

namespace LabStack.Guardrails;

/// <summary>Tags every taggable resource of the lab, for cost allocation and for finding what the lab created.</summary>
public static class LabTags
{
    /// <summary>Value of the <c>purpose</c> tag.</summary>
    public const string Purpose = "ml-study-lab";

    /// <summary>Adds <c>lab={labName}</c> and <c>purpose=ml-study-lab</c> to everything under <paramref name="scope"/>.</summary>
    public static void Apply(IConstruct scope, string labName)
    {
        Tags.Of(scope).Add("lab", labName);
        Tags.Of(scope).Add("purpose", Purpose);
    }
}
