using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NewsMiner.Bench.Engines;
using NewsMiner.Bench.Harness;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// End-to-end ingest: N articles behind one RSS feed on a loopback site (<see cref="IngestSite"/>, in this process)
/// read by the real <see cref="MiningPipeline"/> into a fresh SQLite file, in a child process of this program so
/// that its peak working set is the ingesting process's alone. Per N: wall time of the run, articles/s, CPU time,
/// peak working set, and the time of each tenth of the run, to show whether cost grows with the database.
/// </summary>
internal static class IngestSuite
{
    public const string Name = "ingest";
    private const string ChildOption = "--child-ingest";

    // Issue 7's goals.
    private static readonly (int N, double Seconds)[] TimeGoals = [(1000, 30), (5000, 150)];
    private const int MemoryGoalN = 5000;
    private const double MemoryGoalMiB = 300;

    /// <summary>What the ingesting child reports (one JSON line on stdout).</summary>
    internal sealed record ChildReport(
        int N, int New, int Skipped, int Failed, int IncidentsNew, IReadOnlyList<string> FirstFailures,
        double ModelLoadSeconds, double RunSeconds, double RunCpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2,
        long PeakWorkingSetBytes, long DatabaseBytes, IReadOnlyList<Milestone> Milestones, int PredictionEngines);

    /// <summary>When the run had finished <paramref name="Articles"/> articles: wall time, the process's CPU time and working set then.</summary>
    internal sealed record Milestone(int Articles, double Seconds, double CpuSeconds, long WorkingSetBytes);

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Corpus whose article texts the site's pages are made of. Default corpus.", DefaultValueFactory = _ => "corpus" };
        var models = new Option<string>("--models") { Description = "Directory of the trained models. Default models.", DefaultValueFactory = _ => "models" };
        var sizes = new Option<string>("--sizes") { Description = "Feed sizes to ingest, comma-separated. Default 100,1000,5000.", DefaultValueFactory = _ => "100,1000,5000" };
        var json = new Option<string?>("--json") { Description = "Also write the figures to this JSON file." };
        var child = new Option<string?>(ChildOption) { Hidden = true };
        var db = new Option<string?>("--child-db") { Hidden = true };
        var command = new Command(Name, "Ingest N articles behind one RSS feed on a loopback HTTP server into a fresh SQLite file with the real pipeline: wall time, articles/s, peak working set, growth with N.")
            { corpus, models, sizes, json, child, db };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(child) is { } feedUrl)
            {
                var report = await IngestAsync(feedUrl, parse.GetValue(db) ?? throw new ArgumentException("--child-db is required with " + ChildOption), parse.GetValue(models)!);
                Console.WriteLine(JsonSerializer.Serialize(report, JsonOptions.Compact));
                return 0;
            }
            return Parent(parse.GetValue(corpus)!, parse.GetValue(models)!, ParseSizes(parse.GetValue(sizes)!), parse.GetValue(json));
        });
        return command;
    }

    private static IReadOnlyList<int> ParseSizes(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new NewsMinerInputException("--sizes " + text, $"'{part}' is not a positive whole number");
            sizes.Add(n);
        }
        if (sizes.Count == 0) throw new NewsMinerInputException("--sizes " + text, "no size given");
        return sizes;
    }

    private static int Parent(string corpusDir, string modelDir, IReadOnlyList<int> sizes, string? jsonPath)
    {
        var machine = MachineInfo.Current(typeof(MiningPipeline), typeof(Microsoft.Data.Sqlite.SqliteConnection), typeof(Dapper.SqlMapper),
            typeof(AngleSharp.Html.Parser.HtmlParser), typeof(Microsoft.ML.MLContext));
        if (machine.Warning is { } warning) SuiteHost.Progress(warning);
        if (!Directory.Exists(modelDir)) throw new NewsMinerInputException(modelDir, "no model directory here (run from the repository root, or pass --models)");
        var cleaner = new AngleSharpArticleCleaner();
        var stories = IngestSite.StoriesFrom(ArticleInputs.CorpusArticles(corpusDir).Select(a => a.Clean(cleaner)));
        using var site = new IngestSite(stories);
        if (sizes.Max() > site.Capacity)
            throw new NewsMinerInputException("--sizes", $"{sizes.Max()} is more than the {site.Capacity} distinct pages {stories.Count} stories make");
        var sample = site.Page(sizes.Max(), 0);
        SuiteHost.Progress($"site {site.BaseUrl}: {stories.Count} stories from {Path.GetFullPath(corpusDir)}; a page is about {Report.Bytes(sample.Length)}");

        var dir = Path.Combine(Path.GetTempPath(), "newsminer-bench-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var rows = new List<(ChildReport Report, double ServerCpuSeconds, long Requests, long Bytes)>();
        try
        {
            foreach (var n in sizes)
            {
                SuiteHost.Progress($"ingest {n} articles in a child process");
                var requests = site.Requests;
                var bytes = site.BytesServed;
                var cpu = Runner.CpuTime();
                var last = SelfProcess.RunForLastLine(
                    [Name, ChildOption, site.FeedUrl(n), "--child-db", Path.Combine(dir, $"ingest-{n}.db"), "--models", modelDir], $"ingest of {n} articles",
                    line => Console.Error.WriteLine("  " + line));
                var report = JsonSerializer.Deserialize<ChildReport>(last, JsonOptions.Compact)
                    ?? throw new InvalidOperationException($"the ingest child printed no report: {last}");
                rows.Add((report, (Runner.CpuTime() - cpu).TotalSeconds, site.Requests - requests, site.BytesServed - bytes));
                SuiteHost.Progress($"ingest {n}: {report.New} new in {report.RunSeconds:0.0} s");
            }
        }
        finally
        {
            // NEWSMINER_BENCH_KEEP=1 keeps the databases for inspection.
            if (Environment.GetEnvironmentVariable("NEWSMINER_BENCH_KEEP") == "1") SuiteHost.Progress($"databases kept in {dir}");
            else try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }

        var loadAtEnd = MachineInfo.LoadAverage();
        Console.WriteLine($"## NewsMiner bench: {Name}");
        Console.WriteLine();
        foreach (var line in machine.HeaderLines()) Console.WriteLine(line);
        Console.WriteLine($"- inputs: one RSS 2.0 feed of N items on {site.BaseUrl} (HttpListener in the benchmark process); pages generated from {stories.Count} corpus texts "
            + $"({Path.GetFullPath(corpusDir)}) in news-site furniture, each unique, about {Report.Bytes(sample.Length)} each");
        Console.WriteLine("- method: per N, a fresh SQLite file and a fresh child process running MiningPipeline.RunAsync (HttpFetcher with per-host delay 0 and robots.txt off, "
            + "AngleSharpArticleCleaner, MlNetIncidentExtractor, SqliteIncidentStore), as `newsminer run --host-delay 0 --ignore-robots` does; "
            + "run time = the pipeline's RunAsync (feed read to last article stored), model loading apart; one run per N");
        if (machine.Warning is { } w) Console.WriteLine("- " + w);
        Console.WriteLine();
        Console.Write(Report.Table(
            ["N", "stored", "failed", "run s", "articles/s", "s per 1,000", "CPU ms/article", "alloc/article", "peak WS", "DB size", "incidents", "server CPU ms/article"],
            rows.Select(r => (IReadOnlyList<string>)[
                r.Report.N.ToString("N0", CultureInfo.InvariantCulture),
                r.Report.New.ToString("N0", CultureInfo.InvariantCulture),
                r.Report.Failed.ToString(CultureInfo.InvariantCulture),
                Report.Number(r.Report.RunSeconds, "0.0"),
                Report.Number(r.Report.N / r.Report.RunSeconds, "0"),
                Report.Number(r.Report.RunSeconds / r.Report.N * 1000, "0.0"),
                Report.Number(r.Report.RunCpuSeconds * 1000 / r.Report.N, "0.0"),
                Report.Bytes((double)r.Report.AllocatedBytes / r.Report.N),
                Report.Bytes(r.Report.PeakWorkingSetBytes),
                Report.Bytes(r.Report.DatabaseBytes),
                r.Report.IncidentsNew.ToString("N0", CultureInfo.InvariantCulture),
                Report.Number(r.ServerCpuSeconds * 1000 / r.Report.N, "0.00"),
            ])));
        Console.WriteLine();
        Console.WriteLine("run s: wall time of the pipeline run; s per 1,000: run s scaled to 1,000 articles (flat = linear growth); CPU ms/article: the ingesting "
            + "process's CPU time (all threads, GC included) in the run, per article; alloc/article: managed bytes allocated in the run, per article; peak WS: the ingesting "
            + "process's peak working set (models, runtime and all); server CPU: the benchmark process serving the feed and pages.");
        foreach (var r in rows.Where(r => r.Report.Milestones.Count >= 2))
        {
            var m = r.Report.Milestones;
            var wall = m.Zip(m.Skip(1), (a, b) => (b.Seconds - a.Seconds) / (b.Articles - a.Articles) * 1000);
            var cpu = m.Zip(m.Skip(1), (a, b) => (b.CpuSeconds - a.CpuSeconds) / (b.Articles - a.Articles) * 1000);
            Console.WriteLine($"N = {r.Report.N:N0}, each tenth of the run: wall s per 1,000 {string.Join(", ", wall.Select(s => Report.Number(s, "0.0")))}; "
                + $"CPU ms per article {string.Join(", ", cpu.Select(s => Report.Number(s, "0.0")))}; "
                + $"working set {string.Join(", ", m.Skip(1).Select(x => Report.Number(x.WorkingSetBytes / (1024.0 * 1024), "0")))} MiB");
        }
        foreach (var r in rows.Where(r => r.Report.Failed > 0))
            Console.WriteLine($"N = {r.Report.N}: {r.Report.Failed} failed, e.g. {string.Join("; ", r.Report.FirstFailures)}");
        Console.WriteLine($"Model loading in the child: {string.Join(", ", rows.Select(r => Report.Number(r.Report.ModelLoadSeconds, "0.00") + " s"))}; prediction engines created: "
            + $"{string.Join(", ", rows.Select(r => r.Report.PredictionEngines))} (one per model and thread that used it). Load average (1, 5, 15 min) at the end: {loadAtEnd ?? "n/a"}.");
        Console.WriteLine();
        var goals = Goals(rows.Select(r => r.Report).ToList()).ToList();
        foreach (var g in goals) Console.WriteLine(g);

        if (jsonPath is not null)
        {
            Report.WriteJson(jsonPath, new
            {
                Suite = Name, Machine = machine, Site = site.BaseUrl, Stories = stories.Count, PageBytes = sample.Length, LoadAverageAtEnd = loadAtEnd,
                Runs = rows.Select(r => new { r.Report, r.ServerCpuSeconds, r.Requests, BytesServed = r.Bytes }), Goals = goals,
            });
            SuiteHost.Progress($"wrote {jsonPath}");
        }
        return rows.All(r => r.Report.New == r.Report.N) ? 0 : 2;
    }

    private static IEnumerable<string> Goals(IReadOnlyList<ChildReport> runs)
    {
        foreach (var (n, seconds) in TimeGoals)
            if (runs.FirstOrDefault(r => r.N == n) is { } r)
                yield return $"Goal (issue 7) {n:N0} new articles stored in ≤ {seconds:0} s: {Report.Number(r.RunSeconds, "0.0")} s, {r.New:N0} stored: "
                    + (r.RunSeconds <= seconds && r.New == n ? "MET" : "MISSED");
        if (runs.FirstOrDefault(r => r.N == MemoryGoalN) is { } big)
            yield return $"Goal (issue 7) peak working set ≤ {MemoryGoalMiB:0} MB during a {MemoryGoalN:N0}-article ingest: {Report.Bytes(big.PeakWorkingSetBytes)}: "
                + (big.PeakWorkingSetBytes <= MemoryGoalMiB * 1024 * 1024 ? "MET" : "MISSED");
        var largest = runs.MaxBy(r => r.N);
        if (largest is { Milestones.Count: >= 3 })
        {
            // Linear: the last tenth of the largest run, with the biggest database, costs no more CPU per article than
            // the typical (median) tenth. CPU time, because wall time on a shared machine moves with other work.
            var m = largest.Milestones;
            var tenths = m.Zip(m.Skip(1), (a, b) => (b.CpuSeconds - a.CpuSeconds) / (b.Articles - a.Articles)).ToList();
            var median = tenths.Order().ElementAt(tenths.Count / 2);
            var ratio = tenths[^1] / median;
            yield return $"Goal (issue 7) linear growth, no slow-down as the database grows: the last tenth of the {largest.N:N0}-article run took {Report.Number(ratio, "0.00")}× "
                + "the median tenth's CPU time per article: " + (ratio <= 1.25 ? "MET" : "MISSED") + " (threshold 1.25×)";
        }
    }

    /// <summary>In the child: one pipeline run over the feed into a fresh database.</summary>
    private static async Task<ChildReport> IngestAsync(string feedUrl, string dbPath, string modelDir)
    {
        var load = Stopwatch.StartNew();
        using var extractor = MlNetIncidentExtractor.Load(modelDir);
        var modelLoad = load.Elapsed;
        if (File.Exists(dbPath)) throw new NewsMinerInputException(dbPath, "the database must be fresh: delete it first");
        using var store = SqliteIncidentStore.Open(dbPath);
        using var fetcher = new HttpFetcher(FetchOptions.Default with { PerHostDelay = TimeSpan.Zero, RespectRobots = false });
        var clock = new Stopwatch();
        var progress = new Milestones(clock);
        var pipeline = new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), extractor, store, NullLogger.Instance, progress);

        GC.Collect();
        var gcs = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Runner.CpuTime();
        clock.Start();
        var summary = await pipeline.RunAsync([new FeedLocation(feedUrl, IsRemote: true)], CancellationToken.None);
        clock.Stop();
        var runCpu = Runner.CpuTime() - cpu;
        var runAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var self = Process.GetCurrentProcess();
        var dbBytes = new[] { "", "-wal", "-shm" }.Select(s => new FileInfo(dbPath + s)).Where(f => f.Exists).Sum(f => f.Length);
        var c = summary.Counts;
        return new ChildReport(progress.Items, c.ArticlesNew, c.ArticlesSkipped, c.ArticlesFailed, c.IncidentsNew, summary.Failures.Take(3).ToList(),
            modelLoad.TotalSeconds, clock.Elapsed.TotalSeconds, runCpu.TotalSeconds, runAllocated,
            GC.CollectionCount(0) - gcs[0], GC.CollectionCount(1) - gcs[1], GC.CollectionCount(2) - gcs[2],
            self.PeakWorkingSet64, dbBytes, progress.Marks, extractor.PredictionEnginesCreated);
    }

    /// <summary>Notes the time and working set after each tenth of the feed's articles.</summary>
    private sealed class Milestones(Stopwatch clock) : IRunProgress
    {
        private readonly List<Milestone> _marks = [];
        private int _done;

        public int Items { get; private set; }
        public IReadOnlyList<Milestone> Marks => _marks;

        public void FeedStarted(string feed, int items)
        {
            lock (_marks)
            {
                Items = items;
                _marks.Add(Mark(0));
            }
        }

        public void ArticleDone(string url, string outcome)
        {
            lock (_marks)
            {
                _done++;
                if (Items >= 10 && _marks.Count <= 10 && _done >= (long)Items * _marks.Count / 10)
                    _marks.Add(Mark(_done));
            }
        }

        private Milestone Mark(int done)
        {
            using var self = Process.GetCurrentProcess();
            return new Milestone(done, clock.Elapsed.TotalSeconds, self.TotalProcessorTime.TotalSeconds, self.WorkingSet64);
        }
    }
}
