using System.Text.RegularExpressions;
using LabStack.AiPipeline;
using LabStack.DataLake;

namespace LabStack.Tests;

/// <summary>What the exercises tell a learner to do matches what the lab deploys and what the services do.</summary>
[Collection(LabCollection.Name)]
public sealed class ExerciseTests(LabFixture lab)
{
    private static string Exercise(string file) => File.ReadAllText(Path.Combine(LabPaths.Root, "docs", "exercises", file));

    /// <summary>A notebook's cells, sources joined, as a learner reads them.</summary>
    private static string Notebook(string file) => string.Join("\n\n", JsonNode.Parse(File.ReadAllText(LabPaths.Asset("sagemaker", "notebooks", file)))!["cells"]!
        .AsArray().Select(c => c!["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string)l!)) : (string)c["source"]!));

    [Fact]
    public void NoExerciseHardCodesANameThatDependsOnTheLabName()
    {
        // With -c labName=other the database and workgroup are other_lake and other-workgroup: the outputs name them.
        foreach (var file in Directory.GetFiles(Path.Combine(LabPaths.Root, "docs", "exercises"), "*.md"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("mllab_lake", text);
            Assert.DoesNotContain("mllab-workgroup", text);
        }
    }

    [Fact]
    public void EveryExerciseSaysWhatExpiryAndDestroyDelete()
    {
        // Notebook work and the Glue tables go even with retainData=true: a learner must be told before the lab goes.
        var teardown = File.ReadAllText(Path.Combine(LabPaths.Root, "docs", "teardown.md"));
        Assert.Contains("## What expiry and destroy delete", teardown);
        Assert.Contains("**Always: your notebook work.**", teardown);
        Assert.Contains("**Always, even with `retainData=true`**: the Glue database and its tables", teardown);
        foreach (var file in Directory.GetFiles(Path.Combine(LabPaths.Root, "docs", "exercises"), "*.md").Where(f => char.IsDigit(Path.GetFileName(f)[0])))
        {
            Assert.Contains("(../teardown.md#what-expiry-and-destroy-delete)", File.ReadAllText(file));
        }
        Assert.Contains("(docs/teardown.md#what-expiry-and-destroy-delete)", File.ReadAllText(Path.Combine(LabPaths.Root, "README.md")));
    }

    [Fact]
    public void ExerciseFourQueriesFieldsGlueFillsAndPutsTheLakeBackAsItWas()
    {
        var text = Exercise("04-glue-etl.md");
        // DPUSeconds is set only for Flex and auto-scaling runs; this job is neither.
        Assert.All(Regex.Matches(text, @"--query '([^']*)'").Select(m => m.Groups[1].Value), query => Assert.DoesNotContain("DPUSeconds", query));
        Assert.Contains("ExecutionTime,NumberOfWorkers,WorkerType", text);
        // Nothing removes more.csv for the learner: the sample upload does not prune, so the exercise must.
        var upload = lab.Default.TemplateJson<DataLakeStack>().Properties("Custom::CDKBucketDeployment");
        Assert.False((bool)upload["Prune"]!);
        Assert.Contains("aws s3 rm s3://<LakeBucketName>/raw/customers/more.csv", text);
        Assert.DoesNotContain("removes\n   `more.csv`", text);
    }

    [Fact]
    public void ExerciseSixDescribesThePollyCallThePipelineMakes()
    {
        var definition = lab.Default.TemplateJson<AiPipelineStack>().ToJsonString();
        Assert.Contains("aws-sdk:polly:startSpeechSynthesisTask", definition);
        Assert.DoesNotContain("aws-sdk:polly:synthesizeSpeech", definition);
        var text = Exercise("06-ai-pipeline.md");
        Assert.Contains("`StartSpeechSynthesisTask`", text);
        Assert.DoesNotContain("SynthesizeSpeech", text);
    }

    [Fact]
    public void NotebookThreeNeedsNoLaterExerciseAndWorksWithoutAnEndpoint()
    {
        var text = Notebook("03-endpoint-vs-comprehend.ipynb");
        Assert.Contains("endpoint_sentiment(english) if lab[\"endpoint_name\"] else", text); // endpointMode=none writes an empty name
        Assert.Contains("(After exercise 6, which deploys the AI pipeline.)", text);
    }

    [Fact]
    public void WhatTheTextsSayAboutScalingAndLeakageIsWhatTheCodeDoes()
    {
        // SageMaker's Linear Learner normalizes by default (normalize_data): only KNN, K-Means and PCA need scaled inputs.
        Assert.Contains("SageMaker's Linear Learner standardizes its\nfeatures itself by default (`normalize_data`", Notebook("01-explore-and-prepare.ipynb"));
        // The EMR step and the Glue job fit on every row, which notebook 1 calls leakage: each says so.
        Assert.Contains("fitted on all rows", File.ReadAllText(LabPaths.Asset("emr", "feature_engineering.py")));
        Assert.Contains("The medians come from every row read", File.ReadAllText(LabPaths.Asset("glue", "clean_customers.py")));
        Assert.Contains("leakage notebook 1 warns of", Exercise("03-spark-on-emr.md"));
    }
}
