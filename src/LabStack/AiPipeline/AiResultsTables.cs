namespace LabStack.AiPipeline;

/// <summary>
/// Glue tables over the pipeline's JSON documents (one per line, OpenX JSON SerDe, which matches field names without
/// regard to case, so Comprehend's "Text" and "Score" read as text and score), so Athena can query them.
/// </summary>
public static class AiResultsTables
{
    /// <summary>Table of successful runs.</summary>
    public const string ResultsTable = "ai_results";

    /// <summary>Table of failed runs.</summary>
    public const string ErrorsTable = "ai_errors";

    /// <summary>One entry of <c>text_analyses</c>, as Athena reads it (the JSON SerDe matches field names without regard to case).</summary>
    public const string TextAnalysisType =
        "struct<text:string,language:string,language_score:double,analyzed_language:string,sentiment:string," +
        "sentiment_scores:struct<positive:double,negative:double,neutral:double,mixed:double>," +
        "key_phrases:array<struct<text:string,score:double>>,entities:array<struct<text:string,type:string,score:double>>," +
        "translation:struct<needed:boolean,text:string,source:string,target:string>," +
        "speech:struct<taskid:string,taskstatus:string,outputuri:string,voiceid:string,engine:string,requestcharacters:int,skipped:string>," +
        "skipped:string>";

    /// <summary>
    /// The result document's <c>video</c>, as Athena reads it: the movie header's length, Rekognition Video's job and what it
    /// found the video to be, and the pages of segment labels (GetLabelDetection's Labels, one list per page; Athena's
    /// flatten() makes one list of them).
    /// </summary>
    public const string VideoType =
        "struct<seconds:double,brand:string,index_offset:bigint,job_id:string,label_model_version:string," +
        "metadata:struct<codec:string,durationmillis:bigint,format:string,framerate:double,frameheight:int,framewidth:int,colorrange:string>," +
        "labels_truncated:boolean,label_pages:array<array<struct<timestamp:bigint," +
        "label:struct<name:string,confidence:double,parents:array<struct<name:string>>,aliases:array<struct<name:string>>,categories:array<struct<name:string>>>," +
        "starttimestampmillis:bigint,endtimestampmillis:bigint,durationmillis:bigint>>>>";

    /// <summary>Columns of <see cref="ResultsTable"/>: the fields of the result document (<c>video</c> only in a video's).</summary>
    public static IReadOnlyList<GlueColumn> ResultColumns { get; } =
    [
        new("execution", "string", "Step Functions execution name"),
        new("bucket", "string", "Bucket of the analyzed object"),
        new("object_key", "string", "Key of the analyzed object"),
        new("input_type", "string", "image, text, audio or video"),
        new("object_bytes", "bigint", "Size of the object"),
        new("analyzed_bytes", "bigint", "Bytes analyzed (text files are cut at the Comprehend limit)"),
        new("truncated", "boolean", "True when only the first analyzed_bytes were analyzed"),
        new("labels", "array<struct<name:string,confidence:double>>", "Rekognition labels (images)"),
        new("text_lines", "array<string>", "Lines of text Rekognition found (images)"),
        new("text_analyses", $"array<{TextAnalysisType}>", "Comprehend and Translate output per text, and Polly's speech task"),
        new("started_at", "string", "Execution start (ISO 8601)"),
        new("finished_at", "string", "When the document was built (ISO 8601)"),
        new("video", VideoType, "Rekognition Video's segment labels, in pages, and the video's length (videos; null for other kinds)"),
    ];

    /// <summary>Columns of <see cref="ErrorsTable"/>.</summary>
    public static IReadOnlyList<GlueColumn> ErrorColumns { get; } =
    [
        new("execution", "string", "Step Functions execution name"),
        new("bucket", "string", "Bucket of the object"),
        new("object_key", "string", "Key of the object"),
        new("error", "string", "Error name, e.g. LabStack.EmptyObject or Translate.UnsupportedLanguagePairException"),
        new("cause", "string", "What went wrong"),
        new("failed_at", "string", "When (ISO 8601)"),
    ];

    /// <summary>The two tables, by construct id (their logical ids).</summary>
    public static IReadOnlyDictionary<string, LakeTableSpec> Specs { get; } = new Dictionary<string, LakeTableSpec>
    {
        ["Results"] = new(ResultsTable, "One document per successful AI pipeline run", LakeLayout.AiResults, GlueTableFormat.Json, ResultColumns),
        ["Errors"] = new(ErrorsTable, "One document per failed AI pipeline run", LakeLayout.AiErrors, GlueTableFormat.Json, ErrorColumns),
    };
}
