using Microsoft.Extensions.Logging;
using NewsMiner.Core.Pipeline;
using Spectre.Console;

namespace NewsMiner.Cli.Progress;

/// <summary>
/// Progress on a terminal: a Spectre.Console live display on stderr with two bars, the run (feeds done, articles new /
/// skipped / failed over all feeds) and the feed in hand (its articles and counts); the feed bar is reused for each
/// feed, so a list of hundreds of feeds still takes two lines. Log lines written meanwhile go through the same
/// console (<see cref="ConsoleLogger"/>), which prints them above the display instead of tearing it.
/// </summary>
internal sealed class TerminalRunProgress(IAnsiConsole console, int feeds) : IRunProgress
{
    private readonly object _lock = new();
    private ProgressContext? _context;
    private ProgressTask? _run;
    private ProgressTask? _feed;

    public RunProgressCounts Counts { get; } = new();

    /// <summary>Runs <paramref name="work"/> with the display on; the display ends with the work.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work) => console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            lock (_lock)
            {
                _context = context;
                _run = context.AddTask(RunLine(), maxValue: Math.Max(1, feeds));
                _feed = context.AddTask(Markup.Escape("  reading the first feed"), maxValue: 1);
            }
            try { return await work(); }
            finally
            {
                lock (_lock)
                {
                    // Feeds that could not be read never start: the run is over all the same.
                    _run!.Description = RunLine();
                    _run.Value = _run.MaxValue;
                    if (!_feed!.IsFinished) _feed.StopTask();
                    _context = null;
                }
            }
        });

    public void FeedStarted(string feed, int items)
    {
        var f = Counts.FeedStarted(feed, items);
        lock (_lock)
        {
            if (_context is null) return;
            _feed!.MaxValue = Math.Max(1, f.Items);
            _feed.Value = f.Items == 0 ? 1 : 0;
            _feed.Description = FeedLine(f);
            _run!.Value = Math.Min(_run.MaxValue, f.Index - 1);
            _run.Description = RunLine();
        }
    }

    public void ArticleDone(string url, string outcome)
    {
        if (Counts.ArticleDone(outcome) is not { } f) return;
        lock (_lock)
        {
            if (_context is null) return;
            _feed!.Value = f.Done;
            _feed.Description = FeedLine(f);
            if (f.Complete) _run!.Value = Math.Min(_run.MaxValue, f.Index);
            _run!.Description = RunLine();
        }
    }

    private string RunLine()
    {
        var (started, n, skipped, failed) = Counts.Totals;
        return Markup.Escape($"run: feed {started}/{feeds}; articles {n} new, {skipped} skipped, {failed} failed");
    }

    private static string FeedLine(FeedProgress f)
    {
        var name = f.Feed.Length <= 48 ? f.Feed : "…" + f.Feed[^47..];
        return Markup.Escape($"  {name}: {f.Done}/{f.Items} ({f.New} new, {f.Skipped} skipped, {f.Failed} failed)");
    }

    /// <summary>Log lines through the display's console, so they appear above the live display.</summary>
    internal sealed class Provider(IAnsiConsole console, LogLevel minimum) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ConsoleLogger(console, minimum, categoryName);

        public void Dispose() { }
    }

    /// <summary>The same line as the plain console logger: time, level, category, message.</summary>
    internal sealed class ConsoleLogger(IAnsiConsole console, LogLevel minimum, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var level = logLevel switch
            {
                LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
                LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit",
            };
            var line = $"{DateTime.Now:HH:mm:ss} {level}: {category}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null) line += Environment.NewLine + exception;
            console.Write(new Text(line + Environment.NewLine));
        }
    }
}
