using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LabStack.Tests.Docs;

/// <summary>
/// The documentation keeps its promises: every question in the exercises and notebooks has its answer, with the AWS
/// page that supports it; each exercise has exam-format questions with an answer for every option; the exam map lists
/// every topic of the study-notes outline and every MLA-C01 task statement; the README stays a short front door from
/// which every docs page can be reached. The markup is defined in CONTRIBUTING.md. No synthesized lab is needed.
/// </summary>
public sealed partial class DocsTests
{
    private static string DocsFolder => Path.Combine(LabPaths.Root, "docs");

    private static string ExercisesFolder => Path.Combine(DocsFolder, "exercises");

    /// <summary>The exercise files (01-*.md on), in order.</summary>
    private static IReadOnlyList<string> ExerciseFiles { get; } =
        [.. Directory.GetFiles(ExercisesFolder, "*.md").Where(f => char.IsAsciiDigit(Path.GetFileName(f)[0])).Order(StringComparer.Ordinal)];


    /// <summary>The notebooks, whose questions exercises 5 (01-06) and 7 (07-09) answer.</summary>
    private static IReadOnlyList<string> NotebookFiles { get; } =
        [.. Directory.GetFiles(LabPaths.Asset("sagemaker", "notebooks"), "*.ipynb").Order(StringComparer.Ordinal)];

    /// <summary>Every topic of the seed's study-notes outline (seed/study-notes-outline.md), word for word, without its bold marks.</summary>
    private static readonly string[] OutlineTopics =
    [
        // 1. Machine learning concepts
        "Machine learning lifecycle", "Supervised vs Unsupervised vs Reinforcement learning", "Optimisation",
        "Regularisation (L1 Lasso & L2 Ridge)", "Hyperparameters", "Cross-validation",
        // 2. Data
        "Feature selection", "Feature engineering", "Principal Component analysis (PCA)", "Missing and unbalanced data",
        "Label encoding & One-hot-encoding", "Train-test splits & Randomisation", "RecordIO format",
        // 3. Machine learning models
        "Logistic Regression", "Linear regression", "SVM", "Decision trees", "Random Forest", "K-means", "KNN",
        "Latent Dirichlet ALlocation - LDA",
        // 4. Deep Learning
        "Neural Networks", "Activations functions (sigmoid, Tanh, ReLU)", "Weights & biases", "Forward & Back propogation",
        "Convolutional Neural Networks (CNN)", "Filters", "Transfer Learning", "Recurrent Neural Networks (RNN)",
        // 5. Model Performance and Optimization
        "Sensitivity (Recall / TPR)", "Specificity (TNR)", "Precision", "Accuracy", "ROC / AUC", "F1 Score", "Gini impurity",
        // 6. Machine Learning Tools and Frameworks
        "Pytorch & Scikit-learn", "Tensorflow & Keras", "MXNET & Gluon", "Tensors & Graphs",
        // 7. AWS Services
        "S3 Datalakes", "Kinesis (video stream / data stream / firehose / data analytics)", "Glue", "Athena",
        "Elastic Map Reduce (EMR) & Spark", "EC2 instance types for ML", "AWS Machine Learning service (deprecate)",
        // 8. AWS Application Services AI/ML
        "Rekognition (images)", "Rekognition (videos)", "Polly (text2speech)", "Transcribe (speech2text)", "Translate",
        "Comprehend", "Lex (chatbots)", "Step Functions",
        // 9. Sagemaker: intro
        "Sagemaker High Level", "Three stages: Build, train, deploy", "Sagemaker console", "Sagemaker API",
        "Sagemaker Python SDK",
        // 9. Sagemaker: build
        "!!Define your problem first!!",
        "Build process: Visualise, Explore, Feature engineering, Synthesize data, Convert data, Change structure (joins), Split data",
        "Ground truth", "SageMaker Algorithms: Built in, marketplace, custom",
        "Algorithm Types: eg. BlazingText (AWS-Comprehend), Image classification (AWS-Rekognition)",
    ];

    /// <summary>The task statements of the MLA-C01 exam guide, 1.1 to 4.3.</summary>
    private static readonly string[] TaskStatements =
    [
        "1.1 Ingest and store data",
        "1.2 Transform data and perform feature engineering",
        "1.3 Ensure data integrity and prepare data for modeling",
        "2.1 Choose a modeling approach",
        "2.2 Train and refine models",
        "2.3 Analyze model performance",
        "3.1 Select deployment infrastructure based on existing architecture and requirements",
        "3.2 Create and script infrastructure based on existing architecture and requirements",
        "3.3 Use automated orchestration tools to set up continuous integration and continuous delivery (CI/CD) pipelines",
        "4.1 Monitor model inference",
        "4.2 Monitor and optimize infrastructure and costs",
        "4.3 Secure AWS resources",
    ];

    private static readonly string[] Coverages = ["hands-on", "read only", "not served"];

    /// <summary>A question of an exercise file, its options (exam format only) and its answer, if it has one.</summary>
    private sealed record Question(string File, int Line, string Id, string Text, IReadOnlyList<(char Letter, string Text)> Options, string? Answer)
    {
        public bool ExamFormat => Text.Contains("(exam format)", StringComparison.Ordinal);

        public override string ToString() => $"{System.IO.Path.GetFileName(File)}:{Line} {Id}";
    }

    /// <summary>What a Markdown file of questions holds: its questions, and the text outside them that asks something.</summary>
    private sealed record QuestionFile(IReadOnlyList<Question> Questions, IReadOnlyList<(int Line, string Text)> UnmarkedQuestions);

    [GeneratedRegex(@"^\*\*(?<id>Q\d+\.\d+|NB\d{2}\.\d+)\*\*\s*(?<text>.*)$")]
    private static partial Regex QuestionLine();

    [GeneratedRegex(@"^- (?<letter>[A-E])\. (?<text>.+)$")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"\*\*Answer: (?<letters>[A-E](?:, [A-E])*)\.\*\*")]
    private static partial Regex BestAnswer();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^(?<number>\d+)\. (?<text>.*)$")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Code spans and italics: names (a state called "Transcribed?"), not questions.</summary>
    [GeneratedRegex(@"`[^`]*`|(?<!\*)\*[^*\s][^*]*\*(?!\*)")]
    private static partial Regex NamesInText();

    private const string AnswerOpens = "<details><summary>Answer</summary>";

    private const string AnswerCloses = "</details>";

    private const string AwsDocs = "https://docs.aws.amazon.com/";

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Reads a file of questions as CONTRIBUTING.md defines them: a question line, its options, its answer block.</summary>
    private static QuestionFile Parse(string file)
    {
        var lines = File.ReadAllLines(file);
        var questions = new List<Question>();
        var unmarked = new List<(int, string)>();
        var inCode = false;
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                i++;
                continue;
            }
            var question = inCode ? null : QuestionLine().Match(line);
            if (question is { Success: true })
            {
                var start = i;
                var text = new List<string> { question.Groups["text"].Value };
                for (i++; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith('<'); i++)
                {
                    text.Add(lines[i]);
                }
                var options = new List<(char, string)>();
                for (; i < lines.Length; i++)
                {
                    if (lines[i].Trim().Length == 0)
                    {
                        continue;
                    }
                    var option = OptionLine().Match(lines[i]);
                    if (!option.Success)
                    {
                        break;
                    }
                    options.Add((option.Groups["letter"].Value[0], option.Groups["text"].Value));
                }
                string? answer = null;
                if (i < lines.Length && lines[i].Trim() == AnswerOpens)
                {
                    var body = new List<string>();
                    for (i++; i < lines.Length && lines[i].Trim() != AnswerCloses; i++)
                    {
                        body.Add(lines[i]);
                    }
                    answer = i < lines.Length ? string.Join('\n', body) : null; // an answer that never closes is no answer
                    i++;
                }
                questions.Add(new Question(file, start + 1, question.Groups["id"].Value, Normalize(string.Join(' ', text)), options, answer));
                continue;
            }
            if (!inCode && line.Trim() == AnswerOpens)
            {
                // An answer block with no question line before it: skip it, the question check reports the gap.
                for (i++; i < lines.Length && lines[i].Trim() != AnswerCloses; i++)
                {
                }
                i++;
                continue;
            }
            if (!inCode && NamesInText().Replace(line, "").Contains('?', StringComparison.Ordinal) && !line.Contains("://", StringComparison.Ordinal))
            {
                unmarked.Add((i + 1, line.Trim()));
            }
            i++;
        }
        return new QuestionFile(questions, unmarked);
    }

    private static QuestionFile ParseExercise(int number) => Parse(ExerciseFiles.Single(f => ExerciseNumber(f) == number));

    /// <summary>An exercise's number, from its file name (<c>06-ai-pipeline.md</c>: 6); numbers may be reserved ahead of their files.</summary>
    private static int ExerciseNumber(string file) => int.Parse(Path.GetFileName(file)[..2], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<int> ExerciseNumbers => ExerciseFiles.Select(ExerciseNumber);

    [Fact]
    public void TheExercisesAreOneToSixThenTheNumbersReservedForNewOnes()
    {
        Assert.Matches(@"^(0[1-6] ){6}([0-9]{2} )*$", string.Concat(ExerciseFiles.Select(f => Path.GetFileName(f)[..2] + " ")));
        Assert.Equal(ExerciseNumbers.Distinct().Order(), ExerciseNumbers);
    }

    [Fact]
    public void EveryQuestionOfTheExercisesHasItsAnswerWithAnAwsSource()
    {
        var all = ExerciseFiles.SelectMany(f => Parse(f).Questions).ToList();
        Assert.True(all.Count >= 67, $"expected the exercises and notebooks to ask at least 67 questions, found {all.Count}");
        Assert.All(all, q =>
        {
            Assert.True(q.Answer is not null, $"{q} has no answer block ({AnswerOpens} ... {AnswerCloses}) right after it");
            Assert.True(q.Answer!.Contains(AwsDocs, StringComparison.Ordinal), $"{q}'s answer cites no {AwsDocs} page");
            Assert.True(q.Answer.Trim().Length > 80, $"{q}'s answer is too short to answer anything");
        });
    }

    [Fact]
    public void EveryQuestionIsMarkedAsOne()
    {
        // A line that asks something outside a question paragraph or an answer would be a question without an answer.
        foreach (var file in ExerciseFiles)
        {
            Assert.True(Parse(file).UnmarkedQuestions.Count == 0,
                $"{Path.GetFileName(file)} asks outside a question line: " +
                string.Join("; ", Parse(file).UnmarkedQuestions.Select(u => $"line {u.Line}: {u.Text}")));
        }
    }

    [Fact]
    public void EachExerciseNumbersItsOwnQuestionsInOrder()
    {
        foreach (var number in ExerciseNumbers)
        {
            var ids = ParseExercise(number).Questions.Select(q => q.Id).Where(id => id.StartsWith('Q')).ToList();
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(k => $"Q{number}.{k}"), ids);
        }
    }

    [Fact]
    public void EachExerciseHasTwoExamFormatQuestionsWithAReasonForEveryOption()
    {
        foreach (var number in ExerciseNumbers)
        {
            var exam = ParseExercise(number).Questions.Where(q => q.ExamFormat).ToList();
            Assert.True(exam.Count >= 2, $"exercise {number} has {exam.Count} exam-format questions, at least 2 expected");
            foreach (var q in exam)
            {
                var letters = q.Options.Select(o => o.Letter).ToList();
                Assert.True(letters.Count >= 4, $"{q} offers {letters.Count} options, at least 4 expected");
                Assert.Equal(Enumerable.Range(0, letters.Count).Select(k => (char)('A' + k)), letters);
                var best = BestAnswer().Match(q.Answer ?? "");
                Assert.True(best.Success, $"{q}'s answer does not start with **Answer: X.**");
                var chosen = best.Groups["letters"].Value.Split(", ").Select(l => l[0]).ToList();
                var chooseTwo = q.Text.Contains("Choose two", StringComparison.Ordinal);
                Assert.True(chosen.Count == (chooseTwo ? 2 : 1), $"{q} names {chosen.Count} answers");
                Assert.All(chosen, l => Assert.Contains(l, letters));
                foreach (var wrong in letters.Except(chosen))
                {
                    Assert.True(q.Answer!.Split('\n').Any(l => l.StartsWith($"- {wrong}:", StringComparison.Ordinal)),
                        $"{q}'s answer does not say why {wrong} is wrong (a line starting \"- {wrong}:\")");
                }
            }
        }
    }

    [Fact]
    public void EveryNotebookQuestionIsAskedAndAnsweredInTheExerciseItsQuestionsCellNames()
    {
        // Each Questions cell names the exercise that answers it (notebooks 01-06 exercise 5, 07-09 exercise 7, 12 exercise 11).
        var answered = ExerciseFiles.SelectMany(f => Parse(f).Questions.Where(q => q.Id.StartsWith("NB", StringComparison.Ordinal)))
            .ToDictionary(q => q.Id);
        var asked = new List<string>();
        foreach (var notebook in NotebookFiles)
        {
            var number = Path.GetFileName(notebook)[..2];
            var named = Regex.Match(QuestionsCell(notebook), @"`docs/exercises/([0-9]{2}-[a-z0-9-]+\.md)`");
            Assert.True(named.Success, $"{Path.GetFileName(notebook)}'s Questions cell names no exercise");
            var exercise = named.Groups[1].Value;
            Assert.Contains(exercise, ExerciseFiles.Select(Path.GetFileName));
            var questions = NotebookQuestions(notebook);
            Assert.True(questions.Count > 0, $"{Path.GetFileName(notebook)} has no numbered questions in its Questions cell");
            foreach (var (n, text) in questions)
            {
                var id = $"NB{number}.{n}";
                asked.Add(id);
                Assert.True(answered.TryGetValue(id, out var copy), $"{exercise} does not ask {id}");
                Assert.Equal(exercise, Path.GetFileName(copy!.File));
                Assert.Equal(text, copy.Text);
            }
        }
        Assert.Equal(asked.Order(StringComparer.Ordinal), answered.Keys.Order(StringComparer.Ordinal));
    }

    private static string QuestionsCell(string notebook) => JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray()
        .Select(c => (Type: (string?)c!["cell_type"], Source: string.Concat(c["source"]!.AsArray().Select(l => (string?)l))))
        .Last(c => c.Type == "markdown" && c.Source.StartsWith("## Questions", StringComparison.Ordinal)).Source;

    /// <summary>The numbered questions of a notebook's last "Questions" cell, whitespace normalized.</summary>
    private static List<(int Number, string Text)> NotebookQuestions(string notebook)
    {
        var questions = new List<(int, List<string>)>();
        foreach (var line in QuestionsCell(notebook).Split('\n'))
        {
            var item = NumberedItem().Match(line);
            if (item.Success)
            {
                questions.Add((int.Parse(item.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), [item.Groups["text"].Value]));
            }
            else if (questions.Count > 0 && line.StartsWith(' '))
            {
                questions[^1].Item2.Add(line);
            }
        }
        return [.. questions.Select(q => (q.Item1, Normalize(string.Join(' ', q.Item2))))];
    }

    [Fact]
    public void EachExerciseNamesTheTopicsOfBothExams()
    {
        foreach (var file in ExerciseFiles)
        {
            var text = File.ReadAllText(file);
            Assert.True(text.Contains("**Study-notes outline**", StringComparison.Ordinal), $"{Path.GetFileName(file)} lists no outline topics");
            Assert.True(text.Contains("**MLA-C01 tasks**", StringComparison.Ordinal), $"{Path.GetFileName(file)} lists no MLA-C01 task statements");
        }
    }

    /// <summary>The exam map's table rows: first cell, and the coverage cell.</summary>
    private static Dictionary<string, string> ExamMapRows()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(DocsFolder, "exam-map.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length > 2 && !cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                rows[cells[1]] = cells[2];
            }
        }
        return rows;
    }

    [Fact]
    public void TheExamMapListsEveryOutlineTopicWithItsCoverage()
    {
        Assert.Equal(65, OutlineTopics.Length);
        var rows = ExamMapRows();
        Assert.All(OutlineTopics, topic =>
        {
            Assert.True(rows.TryGetValue(topic, out var coverage), $"the exam map has no row for the outline topic \"{topic}\"");
            Assert.Contains(coverage, Coverages);
        });
        Assert.Contains("study-notes-outline.md", File.ReadAllText(Path.Combine(DocsFolder, "exam-map.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheExamMapListsEveryMlaC01TaskStatement()
    {
        var rows = ExamMapRows();
        Assert.All(TaskStatements, task => Assert.True(rows.ContainsKey(task), $"the exam map has no row for task {task}"));
    }

    [Fact]
    public void TheReadmeIsAFrontDoorOfAtMost200Lines()
    {
        var readme = File.ReadAllLines(Path.Combine(LabPaths.Root, "README.md"));
        Assert.True(readme.Length <= 200, $"README.md has {readme.Length} lines; move reference material to docs/");
        var text = string.Join('\n', readme);
        Assert.Contains("MLS-C01) retired on 2026-03-31", text, StringComparison.Ordinal);
        Assert.Contains("(MLA-C01)", text, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/LabStack/LabStack.csproj", text, StringComparison.Ordinal);
        Assert.Contains("dotnet test", text, StringComparison.Ordinal);
        Assert.Contains("npx cdk deploy --all --concurrency 4", text, StringComparison.Ordinal);
        Assert.Contains("npx cdk destroy --all --concurrency 4", text, StringComparison.Ordinal);
    }

    /// <summary>The relative Markdown links of a file, resolved: (target file, anchor or null).</summary>
    private static IEnumerable<(string Target, string? Anchor)> RelativeLinks(string file)
    {
        var inCode = false;
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            if (inCode)
            {
                continue;
            }
            foreach (Match link in MarkdownLink().Matches(line))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                yield return (path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path)), anchor);
            }
        }
    }

    private static IReadOnlyList<string> DocsPages() =>
        [.. Directory.GetFiles(DocsFolder, "*.md", SearchOption.AllDirectories).Select(Path.GetFullPath)];

    /// <summary>The anchors GitHub gives a file's headings: lowercase, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string file) =>
        [.. File.ReadAllLines(file).Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(h => new string([.. h.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-'))];

    [Fact]
    public void EveryRelativeLinkOfTheDocsLeadsSomewhere()
    {
        var files = DocsPages().Append(Path.Combine(LabPaths.Root, "README.md")).Append(Path.Combine(LabPaths.Root, "CONTRIBUTING.md"));
        foreach (var file in files)
        {
            foreach (var (target, anchor) in RelativeLinks(file))
            {
                Assert.True(File.Exists(target) || Directory.Exists(target), $"{Path.GetRelativePath(LabPaths.Root, file)} links to a missing {target}");
                if (anchor is not null && target.EndsWith(".md", StringComparison.Ordinal))
                {
                    Assert.True(Anchors(target).Contains(anchor), $"{Path.GetRelativePath(LabPaths.Root, file)} links to #{anchor}, which {Path.GetFileName(target)} has no heading for");
                }
            }
        }
    }

    [Fact]
    public void EveryDocsPageIsLinkedFromTheReadmeOrFromAPageItLinksTo()
    {
        var readme = Path.GetFullPath(Path.Combine(LabPaths.Root, "README.md"));
        var first = RelativeLinks(readme).Select(l => l.Target).Where(t => t.EndsWith(".md", StringComparison.Ordinal) && File.Exists(t)).ToHashSet();
        var reachable = first.Concat(first.SelectMany(page => RelativeLinks(page).Select(l => l.Target))).ToHashSet();
        Assert.All(DocsPages(), page => Assert.True(reachable.Contains(page),
            $"{Path.GetRelativePath(LabPaths.Root, page)} is linked neither from README.md nor from a page README.md links to"));
        Assert.Contains(Path.GetFullPath(Path.Combine(LabPaths.Root, "CONTRIBUTING.md")), first);
    }
}
