using System.CommandLine;
using System.Globalization;
using NewsMiner.Bench.Engines;
using NewsMiner.Bench.Harness;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// What the pipeline computes per article, from the page's bytes to the incidents: cleaning then extraction, as
/// <c>MiningPipeline</c> calls them, on the benchmark's pages and on the corpus articles. Cleaning alone is measured
/// beside it, so the difference is what extraction costs on real cleaner output. One cleaner and one extractor
/// (models loaded once, prediction engines per thread) serve every thread, as in the pipeline.
/// </summary>
internal static class CleanExtractSuite
{
    public const string Name = "cleanextract";
    public const string Clean = "clean";
    public const string CleanExtract = "clean-extract";
    public const string All = "all";

    /// <summary>Issue 7's goal for clean + extract with both cores.</summary>
    public const double GoalArticlesPerSecond = 200;

    public static Command Create()
    {
        var pages = new Option<string>("--pages")
        {
            Description = "The article-extraction benchmark folder (ground-truth.json + html/). Default ../shared/benchmarks/article-extraction, from the working directory.",
            DefaultValueFactory = _ => BenchPages.DefaultDirectory,
        };
        var corpus = new Option<string>("--corpus") { Description = "Corpus folder whose articles/ (.html and .txt) are the second input set. Default corpus.", DefaultValueFactory = _ => "corpus" };
        var models = new Option<string>("--models") { Description = "Directory of the trained models. Default models.", DefaultValueFactory = _ => "models" };
        var inputs = new Option<string>("--inputs") { Description = "Input set: pages, corpus or all (both, one after the other). Default all.", DefaultValueFactory = _ => All };
        inputs.AcceptOnlyFromAmong(ArticleInputs.Pages, ArticleInputs.Corpus, All);
        var options = new SuiteOptions();
        var command = new Command(Name, "Clean and extract (the pipeline's per-article work, from bytes to incidents) on the benchmark pages and the corpus: speed, allocations, peak memory, goal check.")
            { pages, corpus, models, inputs };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var sets = parse.GetValue(inputs) is All or null ? new[] { ArticleInputs.Pages, ArticleInputs.Corpus } : [parse.GetValue(inputs)!];
            var machine = MachineInfo.Current(typeof(AngleSharpArticleCleaner), typeof(AngleSharp.Html.Parser.HtmlParser), typeof(MlNetIncidentExtractor), typeof(Microsoft.ML.MLContext));
            var modelDir = parse.GetValue(models)!;
            var loadClock = System.Diagnostics.Stopwatch.StartNew();
            using var extractor = MlNetIncidentExtractor.Load(modelDir);
            var modelLoad = loadClock.Elapsed;
            var cleaner = new AngleSharpArticleCleaner();
            var results = new List<object>();
            var goals = new List<string>();
            foreach (var set in sets)
            {
                var items = set == ArticleInputs.Pages ? ArticleInputs.BenchmarkPages(parse.GetValue(pages)!) : ArticleInputs.CorpusArticles(parse.GetValue(corpus)!);
                var from = Path.GetFullPath(set == ArticleInputs.Pages ? parse.GetValue(pages)! : Path.Combine(parse.GetValue(corpus)!, "articles"));
                Workload<ArticleInput>[] workloads =
                [
                    new(Clean, a => Guarded(() => a.Clean(cleaner)), r => r is CleanedArticle c ? c.Text.Length.ToString(CultureInfo.InvariantCulture) : ""),
                    new(CleanExtract, a => Guarded(() =>
                    {
                        var article = a.Clean(cleaner);
                        return new Outcome(article, extractor.Extract(article));
                    }), Fingerprint),
                ];
                if (parse.GetValue(options.ChildEngine) is null) SuiteHost.Progress($"input set {set}: {items.Count} articles from {from}");
                if (SuiteHost.Run($"{Name} ({set})", parse, options, machine, items, workloads, ChildArgs(parse, set)) is not { } run) return 0;

                var outcomes = run.Engines.Single(e => e.Figures.Engine == CleanExtract).Results;
                var failed = outcomes.Count(r => r is null);
                var incidents = outcomes.OfType<Outcome>().Sum(o => o.Extraction.Incidents.Count);
                var plain = items.Count(i => i.PlainText);
                foreach (var line in SuiteHost.Header(run, $"{items.Count} articles of {from} ({items.Count - plain} HTML pages, {plain} corpus .txt files read by the plain-text reader), "
                    + $"{Report.Bytes((double)items.Sum(i => i.Bytes.LongLength))}, read as bytes up front; models from {Path.GetFullPath(modelDir)}, loaded once in {modelLoad.TotalSeconds:0.0} s"))
                    Console.WriteLine(line);
                Console.Write(Report.Table([.. SuiteHost.TimingHeaders, "refused", "incidents"],
                    run.Engines.Select(e => (IReadOnlyList<string>)[.. SuiteHost.TimingCells(e.Figures),
                        e.Results.Count(r => r is null).ToString(CultureInfo.InvariantCulture),
                        e.Figures.Engine == CleanExtract ? incidents.ToString(CultureInfo.InvariantCulture) : "—"])));
                foreach (var line in SuiteHost.Footnotes(run, "article")) Console.WriteLine(line);
                var both = run.Engines.Single(e => e.Figures.Engine == CleanExtract).Figures;
                var cleanOnly = run.Engines.Single(e => e.Figures.Engine == Clean).Figures;
                Console.WriteLine($"Extraction's share of clean + extract: {Report.Number(100 * (1 - cleanOnly.Single.CpuMsPerItem / both.Single.CpuMsPerItem), "0")} % of the CPU time per article. "
                    + "refused = pages the cleaner refused (a failure in the pipeline too).");
                var goal = Goal(set, both);
                goals.Add(goal);
                Console.WriteLine(goal);
                Console.WriteLine();
                results.Add(new
                {
                    InputSet = set, From = from, run.Settings, Articles = run.Inputs,
                    run.BaselinePeakWorkingSetBytes, run.ProcessPeakWorkingSetBytes, run.LoadAverageAtEnd, run.AvailableCoresAtStart, run.AvailableCoresAtEnd, run.OtherWorkCores,
                    Engines = run.Engines.Select(e => e.Figures), Refused = failed, Incidents = incidents, Goal = goal,
                });
            }

            // The models are loaded once above; the engines are per thread inside the extractor (ThreadLocal), so
            // their number follows the threads that ever extracted, not the articles.
            var decisions = Enum.GetValues<Decision>().Length;
            var engines = extractor.PredictionEnginesCreated;
            Console.WriteLine($"Prediction engines created in this process over every pass above: {engines}, one per model ({decisions}) and thread that used it, "
                + $"not one per article; models loaded once ({modelLoad.TotalSeconds:0.0} s).");
            foreach (var g in goals) Console.WriteLine(g);

            if (parse.GetValue(options.Json) is { } json)
            {
                Report.WriteJson(json, new { Suite = Name, Machine = machine, ModelLoadSeconds = modelLoad.TotalSeconds, PredictionEngines = engines, Sets = results });
                SuiteHost.Progress($"wrote {json}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The goal line: met or missed, with the figure.</summary>
    internal static string Goal(string set, Measurement m) =>
        $"Goal (issue 7) clean + extract ≥ {GoalArticlesPerSecond:0} articles/s with {m.Threads} threads on {set}: "
        + $"{Report.Number(m.Parallel.ItemsPerSecond, "0")} articles/s ({Report.Number(m.Single.ItemsPerSecond, "0")} on one thread): "
        + (m.Parallel.ItemsPerSecond >= GoalArticlesPerSecond ? "MET" : "MISSED");

    /// <summary>The pipeline's outcome for one article.</summary>
    private sealed record Outcome(CleanedArticle Article, ExtractionResult Extraction);

    /// <summary>A page the cleaner refuses is a per-article failure in the pipeline; here it is a null result.</summary>
    private static object? Guarded(Func<object> work)
    {
        try { return work(); }
        catch (NewsMinerInputException) { return null; }
    }

    private static string Fingerprint(object? result) => result is Outcome o
        ? o.Article.Text.Length + ";" + o.Extraction.Relevance.ToString("R", CultureInfo.InvariantCulture) + ";"
          + string.Join(";", o.Extraction.Incidents.Select(i => $"{i.Victim}|{i.Amount}|{i.Currency}|{i.Actor}|{i.Date}|{i.Primary}"))
        : "";

    /// <summary>The command line for this set's child processes: the user's, with <c>--inputs</c> naming the set.</summary>
    private static List<string> ChildArgs(ParseResult parse, string set)
    {
        var tokens = SuiteOptions.SuiteArgs(parse).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == "--inputs" && i + 1 < tokens.Count) { tokens.RemoveRange(i, 2); i--; }
            else if (tokens[i].StartsWith("--inputs=", StringComparison.Ordinal) || tokens[i].StartsWith("--inputs:", StringComparison.Ordinal)) { tokens.RemoveAt(i); i--; }
        }
        return [.. tokens, "--inputs", set];
    }
}
