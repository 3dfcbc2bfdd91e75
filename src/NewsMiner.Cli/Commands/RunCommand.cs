using System.CommandLine;
using Microsoft.Extensions.Logging;
using NewsMiner.Cli.Progress;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

/// <summary><c>run</c> (once) and <c>watch</c> (in a loop): the scheduled scraping job.</summary>
internal static class RunCommand
{
    public const string DefaultFeeds = "feeds/default.txt";

    private sealed class JobOptions
    {
        public Option<string> Feeds { get; } = new("--feeds") { Description = "Feed URL, local feed file, OPML file, or text file with one feed URL or path per line.", DefaultValueFactory = _ => DefaultFeeds };
        public Option<string> Db { get; } = CommonOptions.Db();
        public Option<string> Models { get; } = CommonOptions.Models();
        public Option<string> UserAgent { get; } = new("--user-agent") { Description = "User-Agent header: name NewsMiner and a contact URL.", DefaultValueFactory = _ => FetchOptions.Default.UserAgent };
        public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds allowed per request attempt.", DefaultValueFactory = _ => FetchOptions.Default.Timeout.TotalSeconds };
        public Option<int> Retries { get; } = new("--retries") { Description = "Retries after a timeout, 429 or 5xx.", DefaultValueFactory = _ => FetchOptions.Default.Retries };
        public Option<double> Delay { get; } = new("--host-delay") { Description = "Seconds between two requests to one host.", DefaultValueFactory = _ => FetchOptions.Default.PerHostDelay.TotalSeconds };
        public Option<int> MaxMb { get; } = new("--max-mb") { Description = "Largest response body in MB (after decompression).", DefaultValueFactory = _ => (int)(FetchOptions.Default.MaxBytes / (1024 * 1024)) };
        public Option<bool> NoRobots { get; } = new("--ignore-robots") { Description = "Do not read robots.txt before fetching article pages." };
        public Option<double> MaxRunMinutes { get; } = new("--max-run-minutes") { Description = "Stop starting new articles after this many minutes (the run ends cleanly).", DefaultValueFactory = _ => 120 };
        public Option<string> FeedInterval { get; } = new("--feed-interval") { Description = "Least time between two requests for one remote feed (e.g. 15m; 0 = no limit); a feed read more recently is skipped.", DefaultValueFactory = _ => "15m" };
        public Option<int> MaxAttempts { get; } = new("--max-attempts") { Description = "Attempts at one queued article, over successive runs, before it is given up.", DefaultValueFactory = _ => PipelineOptions.Default.MaxAttempts };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Feeds, Db, Models, UserAgent, Timeout, Retries, Delay, MaxMb, NoRobots, MaxRunMinutes, FeedInterval, MaxAttempts }) c.Options.Add(o);
        }

        public PipelineOptions Pipeline(ParseResult p)
        {
            var attempts = p.GetValue(MaxAttempts);
            if (attempts < 1) throw new NewsMinerInputException("--max-attempts " + attempts, "must be at least 1");
            return PipelineOptions.Default with { FeedInterval = ParseInterval(p.GetValue(FeedInterval)!, "--feed-interval", allowZero: true), MaxAttempts = attempts };
        }

        public FetchOptions Fetch(ParseResult p) => FetchOptions.Default with
        {
            UserAgent = p.GetValue(UserAgent)!,
            Timeout = TimeSpan.FromSeconds(p.GetValue(Timeout)),
            Retries = Math.Max(0, p.GetValue(Retries)),
            PerHostDelay = TimeSpan.FromSeconds(Math.Max(0, p.GetValue(Delay))),
            MaxBytes = Math.Max(1, p.GetValue(MaxMb)) * 1024L * 1024,
            RespectRobots = !p.GetValue(NoRobots),
        };
    }

    public static Command Create()
    {
        var job = new JobOptions();
        var cmd = new Command("run", "Read the feeds, fetch new articles, clean, extract and store incidents (once).");
        job.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var display = ProgressDisplay.ForStderr();
            using var logging = display.Logging(parse);
            return await RunOnceAsync(parse, job, logging.CreateLogger("run"), display, ct);
        }));
        return cmd;
    }

    public static Command CreateWatch()
    {
        var job = new JobOptions();
        var every = new Option<string>("--every") { Description = "Interval between runs: 90s, 30m, 2h.", DefaultValueFactory = _ => "30m" };
        var cmd = new Command("watch", "Run the job in a loop; Ctrl+C or SIGTERM finishes the article in hand and exits.") { every };
        job.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var display = ProgressDisplay.ForStderr();
            using var logging = display.Logging(parse);
            var logger = logging.CreateLogger("watch");
            var interval = ParseInterval(parse.GetValue(every)!);
            var last = ExitCodes.Ok;
            while (!ct.IsCancellationRequested)
            {
                last = await RunOnceAsync(parse, job, logger, display, ct);
                logger.LogInformation("Next run in {Interval}", interval);
                try { await Task.Delay(interval, ct); }
                catch (OperationCanceledException) { break; }
            }
            return last;
        }));
        return cmd;
    }

    internal static TimeSpan ParseInterval(string text, string option = "--every", bool allowZero = false)
    {
        var t = text.Trim().ToLowerInvariant();
        if (allowZero && t is "0" or "0s" or "0m" or "0h" or "off") return TimeSpan.Zero;
        if (t.Length >= 2 && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var span = t[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => TimeSpan.Zero };
            if (span >= TimeSpan.FromSeconds(1)) return span;
        }
        throw new NewsMinerInputException(option + " " + text, "not an interval; use a number and a unit, e.g. 90s, 30m, 2h" + (allowZero ? ", or 0 for none" : ""));
    }

    /// <summary>
    /// The run's summary line. Its first part is the original contract (scripts read it); the counts added since come
    /// after it, so a pattern written for the first part still matches.
    /// </summary>
    internal static string SummaryLine(RunCounts c) =>
        $"feeds: {c.FeedsRead} read, {c.FeedsFailed} failed; articles: {c.ArticlesNew} new, {c.ArticlesSkipped} skipped, {c.ArticlesFailed} failed; incidents: {c.IncidentsNew} new; " +
        $"feeds not modified: {c.FeedsNotModified}, skipped by interval: {c.FeedsSkippedInterval}; articles queued: {c.ArticlesQueued}, near-duplicates: {c.ArticlesNearDuplicates}, given up: {c.ArticlesGivenUp}";

    private static async Task<int> RunOnceAsync(ParseResult parse, JobOptions job, ILogger logger, ProgressDisplay display, CancellationToken stopping)
    {
        var db = parse.GetValue(job.Db)!;
        var pipelineOptions = job.Pipeline(parse);
        var sources = FeedSources.Resolve(parse.GetValue(job.Feeds)!);
        using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(job.Models)!);
        using var runLock = RunLock.Acquire(db);
        using var store = SqliteIncidentStore.Open(db);
        using var fetcher = new HttpFetcher(job.Fetch(parse));
        // The run's own deadline asks for the same graceful stop as Ctrl+C.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(TimeSpan.FromMinutes(Math.Max(0.1, parse.GetValue(job.MaxRunMinutes))));
        Task<RunSummary> Run(IRunProgress progress) =>
            new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), extractor, store, logger, progress, pipelineOptions).RunAsync(sources, deadline.Token);
        RunSummary summary;
        if (display.Console is { } terminal)
        {
            var progress = new TerminalRunProgress(terminal, sources.Count);
            summary = await progress.RunAsync(() => Run(progress));
        }
        else summary = await Run(new PlainRunProgress(logger, sources.Count));
        Console.WriteLine(SummaryLine(summary.Counts));
        foreach (var f in summary.Failures) Console.Error.WriteLine($"failed: {f}");
        return summary.HadFailures ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }
}
