using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// The video branch, over Rekognition Video's stored-video API. It is asynchronous (unlike the image API's DetectLabels,
/// which answers at once): StartLabelDetection returns a job id, and the labels are read with GetLabelDetection once the
/// job has SUCCEEDED. Rekognition can announce the end on an SNS topic (NotificationChannel, optional in the API model);
/// the workflow waits and looks instead, at most <see cref="MaxPolls"/> times, at an interval derived from the video's
/// length, since a Standard workflow's Wait bills no time and a topic, a queue and a subscriber would be three more
/// resources to hold. The labels come in pages (NextToken): at most <see cref="MaxPages"/> of <see cref="LabelsPerPage"/>
/// are kept, and the result document says when Rekognition had more. Before the job starts, <see cref="MeasureLength"/>
/// has read the video's duration from its movie header and refused a video too long, or a file that is not a video.
/// API: https://docs.aws.amazon.com/rekognition/latest/APIReference/API_StartLabelDetection.html and
/// https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetLabelDetection.html ; the pattern:
/// https://docs.aws.amazon.com/rekognition/latest/dg/api-video.html
/// </summary>
public static class VideoAnalysis
{
    /// <summary>Seconds between two looks at the job for the shortest video: a job takes some time whatever the length.</summary>
    public const int PollBaseSeconds = 10;

    /// <summary>Seconds added to that interval per minute of video (a minute's video waits 20 seconds between looks).</summary>
    public const int PollSecondsPerVideoMinute = 10;

    /// <summary>Looks at the job before giving up: at least 40 x 10 s, about 7 minutes for the shortest video, 13 for a minute's.</summary>
    public const int MaxPolls = 40;

    /// <summary>
    /// Labels a page. A segment label (AggregateBy SEGMENTS: one entry per label and stretch of video, without the
    /// per-frame instances and bounding boxes) takes a few hundred bytes of JSON, so <see cref="MaxPages"/> pages of this many
    /// stay far under the 256 KiB a state may carry, held twice (the pages, and the result document); past it the run fails
    /// with States.DataLimitExceeded, which no Catch takes (https://docs.aws.amazon.com/step-functions/latest/dg/avoid-exec-failures.html).
    /// The lab's choice.
    /// </summary>
    public const int LabelsPerPage = 50;

    /// <summary>Pages of labels read; a video with more is recorded with <c>labels_truncated</c>.</summary>
    public const int MaxPages = 3;

    /// <summary>The least confidence of a label kept, as for images (Rekognition's default is 50).</summary>
    public const double MinConfidence = 75;

    /// <summary>State transitions of one look at the job (wait, status, defaults, choice, count, choice), for the cost model.</summary>
    public const int TransitionsPerPoll = 6;

    /// <summary>
    /// Before the daily count: for an upload routed as video, its duration from the movie header (<see cref="VideoHeaderReader"/>);
    /// a file that is not an MP4/MOV video with a duration, or longer than <see cref="UploadKinds.VideoMaxSeconds"/>, is
    /// recorded with why and never reaches Rekognition, nor the count. Every other kind passes straight on.
    /// </summary>
    public static Chain MeasureLength(Construct scope, RunOutcomes outcomes, VideoHeaderReader reader)
    {
        var request = new Pass(scope, "Video header request", new PassProps
        {
            Parameters = Fields(
                ("bucket", JsonPath.StringAt(RunDocument.InputBucket)), ("key", JsonPath.StringAt(RunDocument.InputKey)),
                ("etag", JsonPath.StringAt(RunDocument.ObjectEtag)), ("bytes", JsonPath.NumberAt(RunDocument.ObjectBytes)),
                ("poll", Fields(("base", PollBaseSeconds), ("per_minute", PollSecondsPerVideoMinute)))),
            ResultPath = RunDocument.VideoRequest,
        });
        var read = Call(scope, "Read video header", new ServiceCall
        {
            Service = "lambda", Action = "invoke", IamAction = "lambda:InvokeFunction", IamResources = [reader.Function.FunctionArn],
            Parameters = Fields(("FunctionName", reader.Function.FunctionArn),
                ("Payload", JsonPath.JsonToString(JsonPath.StringAt(RunDocument.VideoRequest)))),
            // A function that throws still answers 200, with FunctionError "Unhandled" and Lambda's error document as payload.
            ResultSelector = KeepWithDefaults(("FunctionError", "none"),
                ("Payload", "{\"errorType\":\"NoPayload\",\"errorMessage\":\"Lambda returned no payload\"}")),
            ResultPath = RunDocument.VideoRead,
        });
        outcomes.Catch(read);
        Pass Answer(string name, string answer) => new(scope, name, new PassProps
        {
            Parameters = Fields(("answer", answer)),
            ResultPath = RunDocument.VideoHeader,
        });
        var verdict = new Choice(scope, "Video short enough?")
            .When(Condition.Not(Condition.StringEquals(RunDocument.VideoReadFunctionError, "none")), outcomes.Record(
                "Video header not read", "LabStack.VideoHeaderUnread",
                JsonPath.Format("The header of the video could not be read ({}: {}).",
                    JsonPath.StringAt(RunDocument.VideoErrorType), JsonPath.StringAt(RunDocument.VideoErrorMessage))))
            .When(Condition.BooleanEquals(RunDocument.VideoIsVideo, false), outcomes.Record("Not a video", "LabStack.NotAVideo",
                JsonPath.Format("The file is not a video Rekognition Video can analyze: {}.", JsonPath.StringAt(RunDocument.VideoNotVideoReason))))
            .When(Condition.NumberGreaterThan(RunDocument.VideoSeconds, UploadKinds.VideoMaxSeconds), outcomes.Record(
                "Video too long", "LabStack.VideoTooLong",
                JsonPath.Format($"The video lasts {{}} seconds by its movie header; the lab analyzes at most {UploadKinds.VideoMaxSeconds} seconds " +
                    "of video (Rekognition Video bills label detection by the minute): cut it shorter and upload it again.",
                    JsonPath.StringAt(RunDocument.VideoSeconds))))
            .Otherwise(new Pass(scope, "No label looks yet", new PassProps
            {
                Parameters = Fields(("polls", Fields(("count", 0))), ("pages", Fields(("count", 0)))),
                ResultPath = RunDocument.Video,
            }));
        var measure = request
            .Next(read)
            .Next(FillDefaults(scope, "Header answer or defaults", RunDocument.VideoRead))
            // Lambda's payload is a blob; Step Functions is expected to give it as the JSON text the function returned.
            .Next(new Choice(scope, "Answer as text?")
                .When(Condition.IsString(RunDocument.VideoReadPayload),
                    Answer("Parse header answer", JsonPath.StringAt($"States.StringToJson({RunDocument.VideoReadPayload})")))
                .Otherwise(Answer("Header answer as is", JsonPath.StringAt(RunDocument.VideoReadPayload)))
                .Afterwards())
            .Next(verdict);
        return new Choice(scope, "A video?")
            .When(Condition.StringEquals(RunDocument.KindIs, UploadKinds.Video.Name), measure)
            .Afterwards(new AfterwardsOptions { IncludeOtherwise = true });
    }

    /// <summary>The branch: start the job, look at it until it is done, then keep its pages of labels and write the result.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var wait = new Wait(scope, "Wait for the labels", new WaitProps { Time = WaitTime.SecondsPath(RunDocument.VideoPollSeconds) });
        var status = RunDocument.LabelsJobStatus;
        return StartLabelDetection(branch)
            .Next(wait)
            .Next(GetLabels(branch, "Label detection status", "Label status or defaults", nextPage: false))
            .Next(branch.UntilDone(
                new JobLook("Labels ready?", "Count label looks", "Waited too long for labels?", status, "SUCCEEDED", RunDocument.VideoPolls, RunDocument.VideoPollCount, MaxPolls, wait),
                KeepPages(branch),
                new Refusal("Label detection failed", "LabStack.LabelDetectionFailed",
                    JsonPath.Format("Rekognition Video could not analyze the video: {}", JsonPath.StringAt(RunDocument.LabelsStatusMessage))),
                new Refusal("Label detection timed out", "LabStack.LabelDetectionTimedOut", $"Rekognition Video had not finished after {MaxPolls} looks at the job; it may still finish: " +
                    "aws rekognition get-label-detection --job-id <the job id in the run's history> shows it.")));
    }

    /// <summary>The job, on the uploaded object, at <see cref="RunDocument.LabelJob"/>.</summary>
    private static Chain StartLabelDetection(AnalysisBranch branch)
    {
        var start = Call(branch.Scope, "Start label detection", new ServiceCall
        {
            Service = "rekognition", Action = "startLabelDetection", IamAction = "rekognition:StartLabelDetection", IamResources = ["*"],
            Parameters = Fields(
                ("Video", Fields(("S3Object", Fields(("Bucket", JsonPath.StringAt(RunDocument.InputBucket)), ("Name", JsonPath.StringAt(RunDocument.InputKey)))))),
                ("MinConfidence", MinConfidence),
                // The same token returns the same job: a retried start (its answer lost) does not start, and bill, a second one.
                ("ClientRequestToken", JsonPath.Hash(JsonPath.ExecutionId, "MD5"))),
            // Rekognition reads the video with the caller's rights, as it reads images.
            AlsoNeeds = [Iam.Allow(["s3:GetObject"], branch.Inbox)],
            ResultSelector = KeepWithDefaults(("JobId", "")),
            ResultPath = RunDocument.LabelJob,
        });
        // Too many jobs running at once is LimitExceededException until enough of them end: retried like throttling.
        // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_StartLabelDetection.html (Errors)
        RetryTransient(start, ["Rekognition.LimitExceededException"]);
        branch.Outcomes.Catch(start);
        return start.Next(FillDefaults(branch.Scope, "Label job or defaults", RunDocument.LabelJob));
    }

    /// <summary>A GetLabelDetection of the job (with the next page's token when <paramref name="nextPage"/>), at <see cref="RunDocument.LabelsPage"/>.</summary>
    private static Chain GetLabels(AnalysisBranch branch, string name, string defaultsName, bool nextPage)
    {
        var parameters = Fields(("JobId", JsonPath.StringAt(RunDocument.LabelJobId)), ("MaxResults", LabelsPerPage),
            ("SortBy", "TIMESTAMP"), ("AggregateBy", "SEGMENTS"));
        if (nextPage)
        {
            parameters["NextToken"] = JsonPath.StringAt(RunDocument.LabelsNextToken);
        }
        var get = Call(branch.Scope, name, new ServiceCall
        {
            Service = "rekognition", Action = "getLabelDetection", IamAction = "rekognition:GetLabelDetection", IamResources = ["*"],
            Parameters = parameters,
            ResultSelector = KeepWithDefaults(("JobStatus", "NOT_RETURNED"), ("StatusMessage", "Rekognition gave no reason."),
                ("Labels", Array.Empty<object>()), ("VideoMetadata", new Dictionary<string, object>()), ("LabelModelVersion", "")),
            ResultPath = RunDocument.LabelsPage,
        });
        branch.Outcomes.Catch(get);
        return get.Next(FillDefaults(branch.Scope, defaultsName, RunDocument.LabelsPage));
    }

    /// <summary>
    /// Keeps the page in its slot (<c>p1</c>, <c>p2</c>...: Step Functions cannot append to a list), reads the next one while
    /// there is one and fewer than <see cref="MaxPages"/> are kept, then turns the slots into one list of pages.
    /// </summary>
    private static Pass KeepPages(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var count = new Pass(scope, "Count label pages", new PassProps
        {
            Parameters = Fields(("count", JsonPath.MathAdd(JsonPath.NumberAt(RunDocument.VideoPageCount), 1))),
            ResultPath = RunDocument.VideoPages,
        });
        var more = new Choice(scope, "More labels?");
        var slot = new Choice(scope, "Which page?");
        foreach (var page in Enumerable.Range(1, MaxPages))
        {
            var keep = new Pass(scope, $"Keep page {page}", new PassProps { InputPath = RunDocument.LabelsOfPage, ResultPath = $"{RunDocument.LabelPages}.p{page}" });
            keep.Next(more);
            if (page < MaxPages)
            {
                slot.When(Condition.NumberEquals(RunDocument.VideoPageCount, page), keep);
            }
            else
            {
                slot.Otherwise(keep);
            }
        }
        var asList = AsOneList(branch);
        Pass Cut(string name, bool truncated) => new(scope, name, new PassProps { Parameters = Fields(("truncated", truncated)), ResultPath = RunDocument.LabelsCut });
        var hasNext = Condition.IsPresent(RunDocument.LabelsNextToken);
        more.When(Condition.And(hasNext, Condition.NumberLessThan(RunDocument.VideoPageCount, MaxPages)),
                GetLabels(branch, "Next label page", "Next page or defaults", nextPage: true).Next(count))
            .When(hasNext, Cut("Labels cut", true).Next(asList))
            .Otherwise(Cut("All labels", false).Next(asList));
        count.Next(slot);
        return count;
    }

    /// <summary>The kept pages as one list (<see cref="RunDocument.LabelPageList"/>), then the result document.</summary>
    private static Choice AsOneList(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var mark = branch.Outcomes.Scope("Mark video", "video", false);
        mark.Next(branch.Outcomes.ResultDocument("Build video result", VideoResult));
        var choice = new Choice(scope, "How many pages?");
        foreach (var pages in Enumerable.Range(1, MaxPages))
        {
            var list = new Pass(scope, pages == 1 ? "One page as a list" : $"{pages} pages as a list", new PassProps
            {
                Parameters = Fields(("list", JsonPath.Array(Enumerable.Range(1, pages).Select(p => JsonPath.StringAt($"{RunDocument.LabelPages}.p{p}")).ToArray()))),
                ResultPath = RunDocument.LabelPages,
            });
            list.Next(mark);
            if (pages < MaxPages)
            {
                choice.When(Condition.NumberEquals(RunDocument.VideoPageCount, pages), list);
            }
            else
            {
                choice.Otherwise(list);
            }
        }
        return choice;
    }

    /// <summary>The result document's members for a video: no image labels or texts, and what Rekognition Video found.</summary>
    private static Dictionary<string, object> VideoResult => Fields(
        ("labels", Array.Empty<object>()), ("text_lines", Array.Empty<object>()), ("text_analyses", Array.Empty<object>()),
        ("video", Fields(
            ("seconds", JsonPath.NumberAt(RunDocument.VideoSeconds)),
            ("brand", JsonPath.StringAt(RunDocument.VideoAnswer + ".brand")),
            ("index_offset", JsonPath.NumberAt(RunDocument.VideoAnswer + ".index_offset")),
            ("job_id", JsonPath.StringAt(RunDocument.LabelJobId)),
            ("label_model_version", JsonPath.StringAt(RunDocument.LabelsModelVersion)),
            ("metadata", JsonPath.StringAt(RunDocument.LabelsVideoMetadata)),
            ("labels_truncated", JsonPath.StringAt(RunDocument.LabelsCutTruncated)),
            ("label_pages", JsonPath.ListAt(RunDocument.LabelPageList)))));
}
