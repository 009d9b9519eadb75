namespace LabStack.DataLake;

/// <summary>
/// The key prefixes of the lake bucket. One bucket with prefixes (rather than a bucket per zone) keeps
/// one set of guards and one emptying-on-delete, and lets each module's IAM be scoped to its prefix.
/// </summary>
public static class LakeLayout
{
    /// <summary>Data as it arrives: the sample dataset, Firehose deliveries.</summary>
    public const string Raw = "raw/";

    /// <summary>Data the lab derived: Spark features, AI pipeline results.</summary>
    public const string Curated = "curated/";

    /// <summary>Uploads that start the AI pipeline.</summary>
    public const string Inbox = "inbox/";

    /// <summary>Service logs the lab keeps in the lake (EMR).</summary>
    public const string Logs = "logs/";

    /// <summary>Where Firehose delivers the streamed usage events (Parquet, one folder per day).</summary>
    public const string UsageEvents = Raw + "usage-events/";

    /// <summary>Where Firehose writes records it could not convert or deliver.</summary>
    public const string UsageEventErrors = Raw + "usage-events-errors/";

    /// <summary>One JSON document per AI pipeline run.</summary>
    public const string AiResults = Curated + "ai-results/";

    /// <summary>One JSON document per AI pipeline run that failed, saying why.</summary>
    public const string AiErrors = Curated + "ai-errors/";

    /// <summary>Transcribe's transcripts of audio uploads, one per run.</summary>
    public const string AiTranscripts = Curated + "ai-transcripts/";

    /// <summary>Polly's speech of each analyzed text, a folder per run.</summary>
    public const string AiSpeech = Curated + "ai-speech/";

    /// <summary>Notebook 06's batch transform output: each test customer's label and churn score (CSV).</summary>
    public const string ChurnPredictions = Curated + "churn-predictions/";

    /// <summary>Windowed usage aggregates the Flink notebook writes (JSON lines).</summary>
    public const string UsageWindows = Curated + "usage-windows/";

    /// <summary>Where the sample customers dataset lands.</summary>
    public const string SampleCustomers = Raw + "customers/";
}
