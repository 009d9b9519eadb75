using LabStack.MlOps;
using LabStack.Tests.SageMaker;

namespace LabStack.Tests.MlOps;

/// <summary>
/// Notebook 10 (10-feature-store.ipynb) runs offline against the feature group the template defines
/// (tools/notebooks/offline_feature_store.py: Feature Store that validates records and throttles, an offline store that
/// fills after a delay, Athena running the notebook's SQL on SQLite), every call and answer checked against the API
/// models; its point-in-time SQL is run on the cases that make point in time matter; it asks for the stack's names.
/// Needs <see cref="NotebookPython"/> for the run.
/// </summary>
public sealed class FeatureStoreNotebookTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    private static readonly string Notebook = LabPaths.Asset("sagemaker", "notebooks", "10-feature-store.ipynb");
    private static readonly string[] Changed = ["C00001", "C00002", "C00003", "C00004", "C00005"];
    private static JsonObject? run;

    /// <summary>The run's report (run once): the feature group is the template's, named as the offline run's lab ("offline").</summary>
    private JsonObject Run()
    {
        var (python, why) = NotebookPython.Interpreter;
        if (python is null)
        {
            Assert.False(NotebookPython.Required, $"LAB_REQUIRE_PYTHON=1, but {why}");
            Skip.If(true, why);
        }
        if (run is not null)
        {
            return run;
        }
        var group = TemplateJson.Properties("AWS::SageMaker::FeatureGroup");
        var root = Directory.CreateTempSubdirectory("lab-feature-store-").FullName;
        var (lake, work) = (Path.Combine(root, "lake"), Path.Combine(root, "work"));
        Directory.CreateDirectory(Path.Combine(lake, "raw", "customers"));
        Directory.CreateDirectory(work);
        File.Copy(LabPaths.Asset("sample-data", "customers", "customers.csv"), Path.Combine(lake, "raw", "customers", "customers.csv"));
        var groupFile = Path.Combine(root, "group.json");
        File.WriteAllText(groupFile, new JsonObject
        {
            ["FeatureGroupName"] = CustomerFeatures.GroupNameOf("offline"), // run-offline.py's name_prefix is offline--nb
            ["RecordIdentifierFeatureName"] = group["RecordIdentifierFeatureName"]!.DeepClone(),
            ["EventTimeFeatureName"] = group["EventTimeFeatureName"]!.DeepClone(),
            ["FeatureDefinitions"] = group["FeatureDefinitions"]!.DeepClone(),
            ["TableName"] = group["OfflineStoreConfig"]!["DataCatalogConfig"]!["TableName"]!.DeepClone(),
        }.ToJsonString());
        var result = ProcessRunner.Run(python!, [Path.Combine(LabPaths.Root, "tools", "notebooks", "run-offline.py"), "--lake", lake, "--work", work,
            "--feature-group", groupFile, "--report", "as_of", "latest", "differ", "throttled", "--", Notebook], work, TimeSpan.FromMinutes(3));
        return run = JsonNode.Parse(result.Stdout)?.AsObject() ?? throw new InvalidOperationException($"no report: {result.Stderr}");
    }

    private static List<string> Column(JsonNode table, string column) =>
        table[column]!.AsObject().OrderBy(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(r => (string)r.Value!).ToList();

    [SkippableFact]
    public void TheNotebookIngestsEveryCustomerRetryingThrottledCallsAndWaitsForTheOfflineStore()
    {
        var report = Run();
        var ran = report["ran"]!["10-feature-store.ipynb"]!;
        Assert.True(ran["error"] is null, $"{ran["error"]}\n{ran["stdout"]}");
        var store = report["feature_store"]!;
        var customers = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Count() - 1;
        Assert.Equal(customers + Changed.Length, (int)store["rows"]!); // every customer once, five twice
        var throttled = (int)store["throttled"]!;
        Assert.True(throttled > 0, "the fake throttles: the retry loop must have run");
        Assert.Equal(customers + Changed.Length + throttled, (int)store["puts"]!); // each throttled call retried, once
        Assert.Equal(throttled, report["values"]!["throttled"]!.AsArray().Count);
        // The first count finds the offline store empty (Feature Store writes it in batches): the notebook waited 30 s once.
        var stdout = (string)ran["stdout"]!;
        Assert.Contains($"0 of {customers + Changed.Length} rows in the offline store", stdout);
        Assert.Single(store["slept"]!.AsArray(), s => (double)s! == 30);
    }

    [SkippableFact]
    public void ThePointInTimeSetHasTheVersionsOfTheCutOffAndTheNaiveLatestTheLaterOnes()
    {
        var values = Run()["values"]!;
        var (asOf, latest) = (values["as_of"]!, values["latest"]!);
        Assert.Equal(5000, Column(asOf, "customer_id").Count);
        Assert.Equal(Changed, Column(values["differ"]!, "customer_id"));
        Assert.All(Column(asOf, "event_time"), t => Assert.Equal("2026-01-01T00:00:00Z", t));
        var row = Column(asOf, "customer_id").IndexOf("C00001");
        var csv = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Skip(1).First().Split(',');
        Assert.Equal(csv[2], Column(asOf, "tenure_months")[row]); // C00001's tenure as shipped: 8
        Assert.Equal((int.Parse(csv[2], System.Globalization.CultureInfo.InvariantCulture) + 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Column(latest, "tenure_months")[Column(latest, "customer_id").IndexOf("C00001")]);
    }

    [SkippableFact]
    public void EveryCallTheNotebookMadeAndEveryAnswerItReadFitTheApiModels()
    {
        var calls = Run()["feature_store"]!["calls"]!.AsArray();
        var made = calls.Select(c => $"{(string)c!["service"]!} {(string)c["command"]!}").ToHashSet();
        Assert.Equal(["athena GetQueryExecutionCommand", "athena GetQueryResultsCommand", "athena StartQueryExecutionCommand",
            "sagemaker DescribeFeatureGroupCommand", "sagemakerfeaturestoreruntime PutRecordCommand"], made.Order(StringComparer.Ordinal));
        Assert.True(calls.Count(c => (string)c!["command"]! == "GetQueryResultsCommand") >= 6, "5,000 rows come in pages of 1,000");
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-feature-store-calls-").FullName, "calls.json");
        File.WriteAllText(file, calls.ToJsonString());
        var script = $$"""
            const { readFileSync } = await import('node:fs');
            const { checkClientCalls } = await import('{{Validation.NodeTools.SdkModelCheck}}');
            const calls = JSON.parse(readFileSync(process.argv[1], 'utf8'));
            process.stdout.write(JSON.stringify(checkClientCalls(calls).map((f) => `${f.rule}: ${f.message}`)));
            """;
        var findings = JsonNode.Parse(Validation.NodeTools.Run("node", "--input-type=module", "-e", script, file))!.AsArray().Select(f => (string)f!).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void ThePointInTimeQueryKeepsEachCustomersLastVersionAtTheCutOffAndLeavesOutDeletions()
    {
        // The notebook's own SQL (its POINT_IN_TIME and LATEST strings), on SQLite, over offline-store rows that make the
        // difference: a later version, a rewrite of the same version, deletions before and after the cut-off, a
        // customer who appears only after it, and a version exactly at it.
        var script = """
            import ast, json, sqlite3, sys
            sys.path.insert(0, sys.argv[1])
            from notebook_cells import code_cells
            queries = {}
            for _, source, _ in code_cells(sys.argv[2]):
                for node in ast.walk(ast.parse(source)):
                    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ("POINT_IN_TIME", "LATEST"):
                        queries[node.targets[0].id] = node.value.value
            db = sqlite3.connect(":memory:")
            db.execute("CREATE TABLE features (customer_id TEXT, tenure_months INTEGER, event_time TEXT, write_time TEXT, api_invocation_time TEXT, is_deleted INTEGER)")
            rows = [
                ("A", 8, "2026-01-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
                ("A", 11, "2026-04-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:01.000", 0),
                ("B", 5, "2026-01-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
                ("B", 6, "2026-01-01T00:00:00Z", "2026-12-01 10:20:00.000", "2026-12-01 10:15:00.000", 0),
                ("C", 3, "2026-01-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
                ("C", None, "2026-02-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:02.000", 1),
                ("D", 7, "2026-01-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
                ("D", None, "2026-04-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:03.000", 1),
                ("E", 1, "2026-05-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
                ("F", 2, "2026-03-01T00:00:00Z", "2026-12-01 10:05:00.000", "2026-12-01 10:00:00.000", 0),
            ]
            db.executemany("INSERT INTO features VALUES (?, ?, ?, ?, ?, ?)", rows)
            result = {}
            for name, sql in queries.items():
                cursor = db.execute(sql.format(table="features", cutoff="2026-03-01T00:00:00Z"))
                result[name] = [[row[0], row[1], row[2]] for row in cursor.fetchall()]
            print(json.dumps(result))
            """;
        var result = JsonNode.Parse(Validation.NodeTools.RunPython(script, Path.Combine(LabPaths.Root, "tools", "notebooks"), Notebook))!;
        static List<string> Rows(JsonNode rows) => rows.AsArray().Select(r => string.Join(" ", r!.AsArray().Select(v => v?.ToString() ?? "null"))).ToList();
        Assert.Equal(
        [
            "A 8 2026-01-01T00:00:00Z", // its later version is after the cut-off
            "B 6 2026-01-01T00:00:00Z", // the same version written twice: the later call wins
            "D 7 2026-01-01T00:00:00Z", // deleted only after the cut-off
            "F 2 2026-03-01T00:00:00Z", // at the cut-off counts; C (deleted before it) and E (only after it) are left out
        ], Rows(result["POINT_IN_TIME"]!));
        Assert.Equal(["A 11 2026-04-01T00:00:00Z", "B 6 2026-01-01T00:00:00Z", "E 1 2026-05-01T00:00:00Z", "F 2 2026-03-01T00:00:00Z"],
            Rows(result["LATEST"]!)); // the naive latest: A's later values, E who did not exist yet, and D's deletion hides D
    }

    [Fact]
    public void TheNotebookAsksForTheStacksGroupInTheLabsWorkgroup()
    {
        var code = string.Join("\n", JsonNode.Parse(File.ReadAllText(Notebook))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").Select(c => string.Concat(c!["source"]!.AsArray().Select(l => (string?)l))));
        // The lab's name from the notebooks' prefix, as SageMakerStack.NotebookNamePrefix writes it; the group as the stack names it.
        Assert.Equal("mllab--nb", LabStack.SageMaker.SageMakerStack.NotebookNamePrefix("mllab"));
        Assert.Contains("lab_name = lab[\"name_prefix\"].removesuffix(\"--nb\")", code);
        Assert.Contains("feature_group = f\"{lab_name}-customers\"", code);
        Assert.Equal(CustomerFeatures.GroupNameOf("mllab"), (string?)TemplateJson.Properties("AWS::SageMaker::FeatureGroup")["FeatureGroupName"]);
        Assert.Contains("WorkGroup=lab[\"workgroup\"]", code);
        Assert.StartsWith("mllab-DataLake:ExportsOutputRefAthenaWorkGroup", WorkgroupInLabConfig());
    }

    /// <summary>What the SageMaker stack's on-start script writes as lab_config.json's workgroup: the export it imports.</summary>
    private string WorkgroupInLabConfig()
    {
        var content = Lab.Default.TemplateJson("mllab-SageMaker").Properties("AWS::SageMaker::NotebookInstanceLifecycleConfig")["OnStart"]![0]!["Content"]!["Fn::Base64"]!;
        var parts = content["Fn::Join"]![1]!.AsArray();
        var before = parts.Select((p, i) => (p, i)).Single(x => x.p is JsonValue v && ((string)v!).EndsWith("\"workgroup\": \"", StringComparison.Ordinal)).i;
        return (string)parts[before + 1]!["Fn::ImportValue"]!;
    }
}
