namespace LabStack.AiPipeline;

/// <summary>
/// The JSON document a run of <see cref="AnalysisWorkflow"/> passes from state to state, and the JSONPath of every
/// member its states read or write. The start states write <c>input</c> as the whole document; every later state adds
/// its part at its ResultPath, and the run ends with the result or error document built from it (<see cref="RunOutcomes"/>).
/// Each text the run analyzes has a document of its own inside the Map (<see cref="TextDocument"/>).
/// </summary>
/// <remarks>
/// Members in about the order a run writes them; a branch writes only its own (<c>range</c> for text files, <c>audio</c> and
/// <c>transcription</c> for audio, <c>detection_count</c> for images). A service call's result goes in as
/// <see cref="ServiceCalls.KeepWithDefaults"/> keeps it, <c>{ "defaults", "response" }</c>, until
/// <see cref="ServiceCalls.FillDefaults"/> turns it into <c>{ "found" }</c>.
/// <code>
/// {
///   "input":           { "bucket", "key", "etag" },          the object analyzed (etag: from an upload event only)
///   "head":            { "found": { "ContentLength", "ContentType", "ETag" } },   S3 HeadObject
///   "object":          { "bytes", "content_type", "etag" },  its size (-1 when S3 reports none), content type and ETag
///   "ignored":         { ... },                              why a folder marker is ignored (the run's output)
///   "kind":            { "is" },                             the UploadKind's name: "image", "text", "audio" or "video"
///   "video_request":   { "bucket", "key", "etag", "bytes", "poll" },   what the video header reader is asked
///   "video_read":      { "found": { "Payload", "FunctionError" } },   its Lambda Invoke answer
///   "video_header":    { "answer" },                         its answer parsed: is_video, reason, seconds, brand,
///                                                            index_offset, reads, poll_seconds (or errorType, errorMessage)
///   "video":           { "polls": { "count" }, "pages": { "count" } },   looks at the label job and pages kept so far
///   "label_job":       { "found": { "JobId" } },             Rekognition StartLabelDetection
///   "labels_page":     { "found": { "JobStatus", "StatusMessage", "Labels", "NextToken", "VideoMetadata", ... } },
///                                                            the last GetLabelDetection answer
///   "label_pages":     { "p1", "p2", ... }, then { "list" },   the pages' Labels, then as one list of pages
///   "labels_cut":      { "truncated" },                      whether Rekognition had more pages than the lab reads
///   "range":           { "end" },                            the last byte of the text file read
///   "audio":           { "polls": { "count" }, "job_defaults" },   looks at the transcription job so far
///   "audio_format":    { "media" },                          the MediaFormat Transcribe is told
///   "transcript_head": { "found": { "ContentLength" } },     S3 HeadObject of the transcript, before it is read
///   "transcription":   { "job" },                            the job, Transcribe's answer over job_defaults
///   "read":            { "found": { "Body" } },              the text file's first bytes, or the transcript file,
///                      then { "document" } for the transcript, parsed
///   "read_quoted":     { "body" },                           the text file's first bytes as a JSON string literal
///   "image":           { "labels", "detections" },           Rekognition's lists (labels empty for text and audio)
///   "detection_count": { "count" },                          how many text detections the image has
///   "scope":           { "type", "truncated", "analyzed_bytes" },  what was analyzed, for the result document
///   "text":            { "lines", "items" },                 the image's text lines, and the texts analyzed
///   "text_analyses":   [ ... ],                              one entry per item of text.items
///   "result":          { ... },                              the result document
///   "error":           { "Error", "Cause" },                 why the run fails: a catch or a refusal
///   "failure":         { "error", "cause", ... },            the error document
///   "write_failure":   { "Error", "Cause" }                  why the error document was not written
/// }
/// </code>
/// </remarks>
public static class RunDocument
{
    /// <summary>The uploaded object's key in an S3 "Object Created" event (the execution's input).</summary>
    public const string EventKey = "$.detail.object.key";

    /// <summary>
    /// The uploaded object's ETag in the event (without the quotes S3's API puts around it). EventBridge's event structure
    /// page gives detail.object.key as the object's key and, unlike S3's SNS/SQS/Lambda notifications (whose key is
    /// URL-encoded), names no encoding, so the workflow uses the key as it comes (scenario key-with-special-characters):
    /// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
    /// </summary>
    public const string EventEtag = "$.detail.object.etag";

    /// <summary>The bucket's name in an S3 "Object Created" event.</summary>
    public const string EventBucket = "$.detail.bucket.name";

    /// <summary>The bucket of a manual start's input <c>{ "bucket": ..., "key": ... }</c>.</summary>
    public const string ManualBucket = "$.bucket";

    /// <summary>The key of a manual start's input.</summary>
    public const string ManualKey = "$.key";

    /// <summary>The object the run analyzes.</summary>
    public const string Input = "$.input";

    /// <summary>Its bucket (the lake).</summary>
    public const string InputBucket = Input + ".bucket";

    /// <summary>Its key, under inbox/.</summary>
    public const string InputKey = Input + ".key";

    /// <summary>The ETag the upload event named, quoted as S3's API returns it (absent for a manual start).</summary>
    public const string InputEtag = Input + ".etag";

    /// <summary>S3 HeadObject's answer.</summary>
    public const string Head = "$.head";

    /// <summary>The object's size as S3 reports it, or -1.</summary>
    public const string HeadContentLength = Head + ".found.ContentLength";

    /// <summary>The object's content type as S3 reports it, or S3's default.</summary>
    public const string HeadContentType = Head + ".found.ContentType";

    /// <summary>The ETag of the object HeadObject described.</summary>
    public const string HeadEtag = Head + ".found.ETag";

    /// <summary>The facts routing reads.</summary>
    public const string ObjectFacts = "$.object";

    /// <summary>The object's size in bytes (-1 when S3 reports none).</summary>
    public const string ObjectBytes = ObjectFacts + ".bytes";

    /// <summary>The object's content type.</summary>
    public const string ObjectContentType = ObjectFacts + ".content_type";

    /// <summary>The ETag of the version analyzed: every later read of the object asks S3 for it (If-Match).</summary>
    public const string ObjectEtag = ObjectFacts + ".etag";

    /// <summary>Why the run ignores the object (a folder marker), which is then the execution's output.</summary>
    public const string Ignored = "$.ignored";

    /// <summary>The audio format Transcribe is told (<see cref="UploadFormat.Name"/>).</summary>
    public const string AudioFormat = "$.audio_format";

    /// <summary>Its name.</summary>
    public const string AudioFormatName = AudioFormat + ".media";

    /// <summary>S3 HeadObject's answer for the transcript.</summary>
    public const string TranscriptHead = "$.transcript_head";

    /// <summary>The transcript's size in bytes, or -1.</summary>
    public const string TranscriptHeadLength = TranscriptHead + ".found.ContentLength";

    /// <summary>The text file's body as a JSON string literal: line breaks and control characters escaped, so one wildcard covers it all.</summary>
    public const string ReadQuoted = "$.read_quoted";

    /// <summary>The literal.</summary>
    public const string ReadQuotedBody = ReadQuoted + ".body";

    /// <summary>The kind the upload was routed as.</summary>
    public const string Kind = "$.kind";

    /// <summary>The kind's name (<see cref="UploadKind.Name"/>).</summary>
    public const string KindIs = Kind + ".is";

    /// <summary>What the video header reader (<see cref="VideoHeaderReader"/>) is asked: the object, its version and size, and the poll interval's terms.</summary>
    public const string VideoRequest = "$.video_request";

    /// <summary>The reader's Lambda Invoke answer.</summary>
    public const string VideoRead = "$.video_read";

    /// <summary>The function's answer as Lambda returns it (a JSON text).</summary>
    public const string VideoReadPayload = VideoRead + ".found.Payload";

    /// <summary>"Unhandled" when the function failed, else the default "none".</summary>
    public const string VideoReadFunctionError = VideoRead + ".found.FunctionError";

    /// <summary>The reader's answer, parsed.</summary>
    public const string VideoHeader = "$.video_header";

    /// <summary>The answer: what video-header.js returns, or Lambda's errorType and errorMessage.</summary>
    public const string VideoAnswer = VideoHeader + ".answer";

    /// <summary>Whether the file is an MP4/MOV video with a duration.</summary>
    public const string VideoIsVideo = VideoAnswer + ".is_video";

    /// <summary>Why it is not.</summary>
    public const string VideoNotVideoReason = VideoAnswer + ".reason";

    /// <summary>Its duration in seconds, from the movie header.</summary>
    public const string VideoSeconds = VideoAnswer + ".seconds";

    /// <summary>Seconds between two looks at the label job, from the video's length.</summary>
    public const string VideoPollSeconds = VideoAnswer + ".poll_seconds";

    /// <summary>Why the function failed: its error's name.</summary>
    public const string VideoErrorType = VideoAnswer + ".errorType";

    /// <summary>And its message.</summary>
    public const string VideoErrorMessage = VideoAnswer + ".errorMessage";

    /// <summary>The video branch's bookkeeping.</summary>
    public const string Video = "$.video";

    /// <summary>Looks at the label job so far.</summary>
    public const string VideoPolls = Video + ".polls";

    /// <summary>Their count.</summary>
    public const string VideoPollCount = VideoPolls + ".count";

    /// <summary>Pages of labels kept so far.</summary>
    public const string VideoPages = Video + ".pages";

    /// <summary>Their count.</summary>
    public const string VideoPageCount = VideoPages + ".count";

    /// <summary>Rekognition's StartLabelDetection answer.</summary>
    public const string LabelJob = "$.label_job";

    /// <summary>The job's id.</summary>
    public const string LabelJobId = LabelJob + ".found.JobId";

    /// <summary>The last GetLabelDetection answer, over defaults for what Rekognition may leave out.</summary>
    public const string LabelsPage = "$.labels_page";

    /// <summary>The job's status.</summary>
    public const string LabelsJobStatus = LabelsPage + ".found.JobStatus";

    /// <summary>Why the job failed.</summary>
    public const string LabelsStatusMessage = LabelsPage + ".found.StatusMessage";

    /// <summary>The page's labels.</summary>
    public const string LabelsOfPage = LabelsPage + ".found.Labels";

    /// <summary>The token of the next page, present only when there is one.</summary>
    public const string LabelsNextToken = LabelsPage + ".found.NextToken";

    /// <summary>What Rekognition found the video to be (codec, duration, frame rate, size).</summary>
    public const string LabelsVideoMetadata = LabelsPage + ".found.VideoMetadata";

    /// <summary>The label model's version.</summary>
    public const string LabelsModelVersion = LabelsPage + ".found.LabelModelVersion";

    /// <summary>The pages' labels, one slot a page (<c>p1</c>...), then <c>list</c>: the pages as one list.</summary>
    public const string LabelPages = "$.label_pages";

    /// <summary>The pages as one list of pages.</summary>
    public const string LabelPageList = LabelPages + ".list";

    /// <summary>Whether Rekognition had more pages than the lab reads.</summary>
    public const string LabelsCut = "$.labels_cut";

    /// <summary>The flag.</summary>
    public const string LabelsCutTruncated = LabelsCut + ".truncated";

    /// <summary>The range of a text file read.</summary>
    public const string Range = "$.range";

    /// <summary>The last byte read (inclusive).</summary>
    public const string RangeEnd = Range + ".end";

    /// <summary>The audio branch's bookkeeping.</summary>
    public const string Audio = "$.audio";

    /// <summary>Looks at the transcription job so far.</summary>
    public const string AudioPolls = Audio + ".polls";

    /// <summary>Their count.</summary>
    public const string AudioPollCount = AudioPolls + ".count";

    /// <summary>The job's members Transcribe may leave out, with their defaults.</summary>
    public const string AudioJobDefaults = Audio + ".job_defaults";

    /// <summary>Transcribe's answer about the job.</summary>
    public const string Transcription = "$.transcription";

    /// <summary>The job as Transcribe returned it.</summary>
    public const string TranscriptionJobFound = Transcription + ".found.TranscriptionJob";

    /// <summary>The job over <see cref="AudioJobDefaults"/>.</summary>
    public const string TranscriptionJob = Transcription + ".job";

    /// <summary>The job's status.</summary>
    public const string TranscriptionStatus = TranscriptionJob + ".TranscriptionJobStatus";

    /// <summary>Why the job failed.</summary>
    public const string TranscriptionFailureReason = TranscriptionJob + ".FailureReason";

    /// <summary>An S3 object read: the text file or the transcript.</summary>
    public const string Read = "$.read";

    /// <summary>The object's body, as a string.</summary>
    public const string ReadBody = Read + ".found.Body";

    /// <summary>The transcript's text, once the body is parsed.</summary>
    public const string ReadTranscript = Read + ".document.results.transcripts[0].transcript";

    /// <summary>What Rekognition found in an image.</summary>
    public const string Image = "$.image";

    /// <summary>Its labels (none for text and audio).</summary>
    public const string ImageLabels = Image + ".labels";

    /// <summary>Its text detections, words and lines.</summary>
    public const string ImageDetections = Image + ".detections";

    /// <summary>How many text detections the image has.</summary>
    public const string DetectionCount = "$.detection_count";

    /// <summary>The count.</summary>
    public const string DetectionCountValue = DetectionCount + ".count";

    /// <summary>What was analyzed, for the result document.</summary>
    public const string Scope = "$.scope";

    /// <summary>The kind of input.</summary>
    public const string ScopeType = Scope + ".type";

    /// <summary>Whether only part of the object was analyzed.</summary>
    public const string ScopeTruncated = Scope + ".truncated";

    /// <summary>The bytes analyzed.</summary>
    public const string ScopeAnalyzedBytes = Scope + ".analyzed_bytes";

    /// <summary>The texts found.</summary>
    public const string Text = "$.text";

    /// <summary>Every text line of an image (empty for other kinds).</summary>
    public const string TextLines = Text + ".lines";

    /// <summary>The texts that go through the text path.</summary>
    public const string TextItems = Text + ".items";

    /// <summary>The text path's output, one entry per item.</summary>
    public const string TextAnalyses = "$.text_analyses";

    /// <summary>The result document.</summary>
    public const string Result = "$.result";

    /// <summary>Why the run fails, as a Catch or a refusal writes it.</summary>
    public const string Error = "$.error";

    /// <summary>The error's name.</summary>
    public const string ErrorName = Error + ".Error";

    /// <summary>The error's cause.</summary>
    public const string ErrorCause = Error + ".Cause";

    /// <summary>The error document.</summary>
    public const string Failure = "$.failure";

    /// <summary>Its error name, which the run fails with.</summary>
    public const string FailureError = Failure + ".error";

    /// <summary>Its cause, which the run fails with.</summary>
    public const string FailureCause = Failure + ".cause";

    /// <summary>Why writing the error document failed.</summary>
    public const string WriteFailure = "$.write_failure";

    /// <summary>The write's error name.</summary>
    public const string WriteFailureError = WriteFailure + ".Error";
}
