using System.Text.Json;
using LabStack.Configuration;
using static LabStack.Tests.Configuration.SettingsReader;
using LabStack.DataLake;
using LabStack.SageMaker;

namespace LabStack.Tests.Configuration;

/// <summary>Settings parsing and validation, without synthesizing (no jsii).</summary>
[Collection(ProcessCollection.Name)]
public sealed class ConfigurationTests
{
    [Fact]
    public void DefaultsSelectEveryModuleButTheOptInOnesAndRetainNothing()
    {
        var settings = Read();
        var lake = settings.Of<DataLakeSettings>();
        Assert.Equal("mllab", settings.LabName);
        Assert.Equal(LabModules.All.Where(m => !m.OptIn), settings.Modules);
        Assert.False(lake.RetainData);
        Assert.Equal(1024, lake.AthenaScanLimitMb);
        Assert.Equal(20, lake.BudgetUsd);
        Assert.Equal("", lake.AlertEmail);
        Assert.Equal("mllab_lake", DataLakeStack.DatabaseNameOf(settings.LabName));
    }

    [Fact]
    public void CdkJsonDefaultsAreValid()
    {
        var context = LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), []);
        var settings = LabSettings.FromContext(key => context.GetValueOrDefault(key));
        Assert.Equal(LabModules.All.Select(Read().For), LabModules.All.Select(settings.For));
        Assert.Equal((Read().LabName, Read().Modules), (settings.LabName, settings.Modules));
    }

    [Fact]
    public void CdkJsonHoldsNoSettingSoALearnersChoiceInCdkContextJsonIsNotHidden()
    {
        // The CLI looks a key up in -c, then cdk.json, then cdk.context.json: a default in cdk.json would win over the learner's file.
        var cdkJson = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "cdk.json")))!.AsObject();
        var context = cdkJson["context"]!.AsObject();
        Assert.All(LabSettings.Definitions, setting => Assert.False(context.ContainsKey(setting.Key), $"cdk.json sets '{setting.Key}'"));
        Assert.All(context, entry => Assert.True(entry.Key.Contains(':') || entry.Key.StartsWith('@'), $"'{entry.Key}' in cdk.json is not a CDK flag"));
        Assert.Equal("dotnet run --project src/LabStack/LabStack.csproj", (string?)cdkJson["app"]);
        Assert.Equal("cdk-outputs.json", (string?)cdkJson["outputsFile"]);
    }

    [Fact]
    public void ReadmeSettingsTableListsEverySettingInRegistryOrderWithItsDefault()
    {
        var readme = File.ReadAllText(Path.Combine(LabPaths.Root, "docs", "settings.md"));
        var table = readme[readme.IndexOf("| key | default | allowed | effect |", StringComparison.Ordinal)..];
        var rows = table.Split('\n').Skip(2).TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Key: cells[1].Trim('`'), Default: cells[2] == "empty" ? "" : cells[2].Trim('`')))
            .ToList();
        var expected = LabSettings.Definitions.Select(d => (d.Key, Default: d.DefaultAsJson switch
        {
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "",
        })).ToList();
        Assert.Equal(expected, rows);
    }

    [Theory]
    [InlineData("datalake", new[] { "expiry", "datalake" })]
    [InlineData("pipeline", new[] { "expiry", "datalake", "pipeline" })]
    [InlineData(" Pipeline , datalake,emr ", new[] { "expiry", "datalake", "emr", "pipeline" })]
    [InlineData("ALL", new[] { "expiry", "datalake", "streaming", "emr", "sagemaker", "pipeline", "lex", "mlops", "flink" })]
    [InlineData("lex", new[] { "expiry", "datalake", "lex" })]
    [InlineData("mlops", new[] { "expiry", "datalake", "sagemaker", "mlops" })]
    [InlineData("flink", new[] { "expiry", "datalake", "streaming", "flink" })]
    [InlineData("expiry", new[] { "expiry" })]
    public void ModulesAreParsedWithTheirDependenciesInDeploymentOrder(string value, string[] expected) =>
        Assert.Equal(expected, Read(("modules", value)).Modules.Select(m => m.Key));

    [Theory]
    [InlineData("0.8", 0.8)]
    [InlineData(" 1 ", 1.0)]
    [InlineData("0", 0.0)]
    public void TheAucThresholdIsANumberFromZeroToOne(string value, double expected) =>
        Assert.Equal(expected, Read(("mlopsMinAuc", value)).Of<LabStack.MlOps.MlOpsSettings>().MinAuc);

    [Theory]
    [InlineData("retainData", "true", true)]
    [InlineData("retainData", "FALSE", false)]
    public void BooleansAcceptTextFromTheCommandLine(string key, string value, bool expected) =>
        Assert.Equal(expected, Read((key, value)).Of<DataLakeSettings>().RetainData);

    [Fact]
    public void NumbersAcceptJsonAndText()
    {
        Assert.Equal(50, Read(("athenaScanLimitMb", 50d)).Of<DataLakeSettings>().AthenaScanLimitMb);
        Assert.Equal(2048, Read(("athenaScanLimitMb", "2048")).Of<DataLakeSettings>().AthenaScanLimitMb);
        Assert.Equal(0.7, Read(("lexConfidenceThreshold", 0.7d)).Of<LabStack.Lex.LexSettings>().ConfidenceThreshold);
        Assert.Equal(0.55, Read(("lexConfidenceThreshold", " 0.55 ")).Of<LabStack.Lex.LexSettings>().ConfidenceThreshold);
        Assert.Equal(1, Read(("lexConfidenceThreshold", 1L)).Of<LabStack.Lex.LexSettings>().ConfidenceThreshold);
    }

    [Theory]
    [InlineData("modules", "bogus", "expected 'all' (every module but groundtruth, selected only by name) or a comma-separated list of all, expiry, datalake, streaming, emr, sagemaker, pipeline, lex, mlops, flink, groundtruth")]
    [InlineData("expireAfterHours", "-1", "whole number of hours (0 turns expiry off) from 0 to 720")]
    [InlineData("expireAfterHours", "soon", "whole number of hours")]
    [InlineData("expireAfterHours", "721", "from 0 to 720")]
    [InlineData("modules", "datalake,bogus", "comma-separated list")]
    [InlineData("modules", ",", "comma-separated list")]
    [InlineData("labName", "Bad Name!", "lowercase letters, digits and hyphens")]
    [InlineData("labName", "ab", "3 to 20 characters")]
    [InlineData("labName", "lab-", "not ending with a hyphen")]
    [InlineData("labName", "a-very-long-lab-name-indeed", "3 to 20 characters")]
    [InlineData("retainData", "maybe", "expected true or false")]
    [InlineData("athenaScanLimitMb", "-5", "from 10 to 1048576")]
    [InlineData("athenaScanLimitMb", "1.5", "whole number")]
    [InlineData("budgetUsd", "-20", "from 1 to 10000")]
    [InlineData("budgetUsd", "lots", "whole number of US dollars")]
    [InlineData("alertEmail", "not-an-email", "an email address")]
    [InlineData("shardCount", "0", "from 1 to 10")]
    [InlineData("targetLanguage", "sw", "expected one of ar, de, en")]
    [InlineData("labName", "xn--lab", "not starting with xn--, sthree- or amzn-s3-demo-")]
    [InlineData("labName", "sthree-lab", "S3 reserves those prefixes")]
    [InlineData("labName", "amzn-s3-demo-lab", "S3 reserves those prefixes")]
    [InlineData("notebookInstanceType", "ml.p3.2xlarge", "expected one of ml.t3.medium, ml.t3.large")]
    [InlineData("notebookInstanceType", "t3.medium", "expected one of ml.t3.medium")]
    [InlineData("notebookInstanceType", "ml.c5.medium", "as SageMaker's API model lists them")]
    [InlineData("notebookInstanceType", "ml.t3.4xlarge", "as SageMaker's API model lists them")]
    [InlineData("notebookInstanceType", "ml.m5.large", "as SageMaker's API model lists them")]
    [InlineData("endpointInstanceType", "ml.t3.medium", "expected one of ml.m5.large")]
    [InlineData("endpointInstanceType", "ml.r5.medium", "as SageMaker's API model lists them")]
    [InlineData("notebookIdleMinutes", "5", "from 10 to 720")]
    [InlineData("notebookRootAccess", "yes", "expected true or false")]
    [InlineData("endpointMode", "batch", "expected one of serverless, realtime, none")]
    [InlineData("endpointMemoryMb", "1500", "expected one of 1024, 2048, 3072, 4096, 5120, 6144")]
    [InlineData("endpointInstanceType", "ml.g5.xlarge", "(CPU families a study lab needs")]
    [InlineData("emrInstanceType", "m5.large", "size xlarge, 2xlarge or 4xlarge")]
    [InlineData("emrInstanceType", "p3.2xlarge", "family m5, m6i, m7i, c5, c6i, r5, r6i")]
    [InlineData("emrCoreNodes", "-1", "from 0 to 4")]
    [InlineData("emrIdleMinutes", "1441", "from 10 to 720")]
    [InlineData("emrRun", "0", "from 1 to 999")]
    [InlineData("alertEmail", "two@at@example.com", "an email address")]
    [InlineData("lexConfidenceThreshold", "1.5", "expected the lowest intent confidence the bot acts on: a number from 0 to 1 with at most 2 decimal places")]
    [InlineData("lexConfidenceThreshold", "-0.1", "a number from 0 to 1")]
    [InlineData("lexConfidenceThreshold", "0.555", "at most 2 decimal places")]
    [InlineData("lexConfidenceThreshold", "high", "a number from 0 to 1")]
    [InlineData("lexConfidenceThreshold", "NaN", "a number from 0 to 1")]
    [InlineData("mlopsMinAuc", "1.5", "a number from 0 to 1")]
    [InlineData("mlopsMinAuc", "-0.1", "a number from 0 to 1")]
    [InlineData("mlopsMinAuc", "0,8", "a number from 0 to 1")]
    [InlineData("mlopsMinAuc", "NaN", "a number from 0 to 1")]
    [InlineData("mlopsRunsPerDay", "0", "from 1 to 20")]
    [InlineData("flinkParallelism", "5", "expected a whole number of parallel tasks (one KPU each) from 1 to 4")]
    [InlineData("flinkParallelism", "0", "from 1 to 4")]
    [InlineData("flinkParallelism", "1.5", "whole number")]
    [InlineData("flinkSessionMinutes", "10", "expected a whole number of minutes from 15 to 240")]
    [InlineData("flinkSessionMinutes", "241", "from 15 to 240")]
    public void BadValuesNameTheKeyTheValueAndWhatIsAllowed(string key, string value, string allowedFragment)
    {
        var error = Assert.Throws<SettingsException>(() => Read((key, value)));
        Assert.Equal(key, error.Key);
        Assert.StartsWith($"Invalid setting '{key}': got '{value}'; ", error.Message);
        Assert.Contains(allowedFragment, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("2", null)]
    [InlineData("3", "deploy 2, then 3 one after the other")]
    [InlineData("10", "deploy 2, then 4, then 8, then 10 one after the other")]
    public void AShardCountMoreThanOneStepFromTheDefaultWarnsWithTheSteps(string shards, string? steps)
    {
        // Kinesis' UpdateShardCount at most doubles the count per call: a deployed 1-shard stream cannot jump further.
        var warnings = Read(("alertEmail", "learner@example.com"), ("shardCount", shards)).Warnings;
        if (steps is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            var warning = Assert.Single(warnings);
            Assert.StartsWith($"shardCount={shards}: on a stream deployed with 1 shard(s), one deploy can at most double the count", warning);
            Assert.Contains(steps, warning);
        }
    }

    [Fact]
    public void MissingAlertEmailWarnsOnceAndAnEmailSilencesIt()
    {
        Assert.Single(Read().Warnings, w => w.Contains("alertEmail"));
        var withEmail = Read(("alertEmail", "learner@example.com"), ("budgetUsd", "35"));
        Assert.Empty(withEmail.Warnings);
        var lake = withEmail.Of<DataLakeSettings>();
        Assert.Equal(("learner@example.com", 35), (lake.AlertEmail, lake.BudgetUsd));
    }

    [Fact]
    public void ContextArgumentsOverrideCdkJson()
    {
        var context = LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), ["-c", "labName=mylab", "--context", "modules=datalake"]);
        Assert.Equal("mylab", context["labName"]);
        Assert.Equal("datalake", context["modules"]);
        Assert.True(context.ContainsKey("@aws-cdk/aws-s3:createDefaultLoggingPolicy"), "feature flags come from cdk.json");
    }

    [Fact]
    public void InstanceTypeSettingsOfferOnlyTypesTheApiModelListsForThatApi()
    {
        foreach (var (setting, offered) in new[] { (SageMakerSettings.NotebookInstanceTypeSetting, SageMakerInstanceTypes.Notebook),
            (SageMakerSettings.EndpointInstanceTypeSetting, SageMakerInstanceTypes.Endpoint) })
        {
            var allowed = setting.Allowed["expected one of ".Length..setting.Allowed.IndexOf(" (", StringComparison.Ordinal)].Replace(" or ", ", ").Split(", ");
            Assert.Subset(offered.ToHashSet(), allowed.ToHashSet());
            Assert.Contains(setting.Default, allowed);
            Assert.Equal(setting.Default, setting.Read(key => key == setting.Key ? setting.Default : null));
        }
        Assert.Contains("ml.t3.medium", SageMakerInstanceTypes.Notebook);
        Assert.DoesNotContain("ml.t3.medium", SageMakerInstanceTypes.Endpoint);
    }

    [Fact]
    public void TheShippedInstanceTypeListsAreWhatTheApiModelSays() =>
        NodeTools.Run("node", Path.Combine(LabPaths.Root, "tools", "models", "instance-types.mjs"), "--check");

    [Fact]
    public void AListWhereTextIsExpectedIsShownAsJson()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("labName", new object[] { "lab", "two" })));
        Assert.StartsWith("Invalid setting 'labName': got '[\"lab\",\"two\"]'; ", error.Message);
    }

    [Theory]
    [InlineData("{ \"app\": \"dotnet run\", \"context\": { \"labName\": \"lab\" ", "Invalid cdk.json: not valid JSON at line 1")]
    [InlineData("{ \"context\": [ \"labName=lab\" ] }", "Invalid cdk.json: \"context\" is an array; expected an object of settings.")]
    public void AMalformedCdkJsonIsOneLine(string cdkJson, string expectedStart)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, cdkJson);
            var error = Assert.Throws<SettingsException>(() => LocalContext.Load(file, []));
            Assert.StartsWith(expectedStart, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("-c", "novalue")]
    [InlineData("--verbose")]
    public void MalformedArgumentsAreSettingsErrors(params string[] args) =>
        Assert.Throws<SettingsException>(() => LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), args));

    [Theory]
    [InlineData("modules=bogus", "Invalid setting 'modules': got 'bogus'")]
    [InlineData("labName=Bad Name!", "Invalid setting 'labName': got 'Bad Name!'")]
    [InlineData("retainData=maybe", "Invalid setting 'retainData': got 'maybe'")]
    public void TheAppStopsWithOneLineAndNoStackTrace(string setting, string expectedStart)
    {
        var run = RunApp("-c", setting);
        Assert.Equal(2, run.ExitCode);
        var errorLines = run.ErrorLines
            .Where(line => !line.StartsWith("!!", StringComparison.Ordinal)) // Node's end-of-life banner from jsii
            .ToList();
        var line = Assert.Single(errorLines);
        Assert.StartsWith(expectedStart, line);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }

    /// <summary>Runs the app exactly as <c>dotnet run</c> would, from the copy built beside the tests.</summary>
    [Theory]
    [InlineData("budgetUSD=5", "Unknown setting 'budgetUSD'; did you mean 'budgetUsd'?")]
    [InlineData("modulez=all", "Unknown setting 'modulez'; did you mean 'modules'?")]
    [InlineData("labname=mylab", "Unknown setting 'labname'; did you mean 'labName'?")]
    [InlineData("frobnicate=1", "Unknown setting 'frobnicate'; the settings are labName, modules, ")]
    public void AMisspelledSettingStopsSynthesisThroughDotnetRunAndTheCdkCli(string setting, string expectedStart)
    {
        NpmPackages.EnsureInstalled(LabPaths.Root); // the pinned CDK CLI
        foreach (var (how, run) in new[]
        {
            ("dotnet run", RunApp("-c", setting)),
            ("npx cdk synth", ProcessRunner.Run("npx", ["cdk", "synth", "--app", $"dotnet {Path.Combine(AppContext.BaseDirectory, "LabStack.dll")}", "-c", setting, "-q"],
                LabPaths.Root, TimeSpan.FromMinutes(2))),
        })
        {
            Assert.True(run.ExitCode != 0, $"{how} accepted -c {setting}");
            var lines = (run.Stderr + run.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => !line.StartsWith("!!", StringComparison.Ordinal)).ToList();
            Assert.Contains(lines, line => line.StartsWith(expectedStart, StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", run.Stderr);
        }
    }

    [Theory]
    [InlineData("@aws-cdk/core:newStyleStackSynthesis")]
    [InlineData("aws:cdk:enable-path-metadata")]
    [InlineData("acknowledged-issue-numbers")]
    [InlineData("budgetUsd")]
    public void TheCdksOwnKeysAndTheSettingsAreKnown(string key) => ContextKeys.RejectUnknown([key], LabSettings.Definitions);

    private static ProcessResult RunApp(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "LabStack.dll"), .. args], LabPaths.Root, TimeSpan.FromMinutes(2));
}
