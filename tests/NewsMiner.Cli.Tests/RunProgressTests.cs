using Microsoft.Extensions.Logging;
using NewsMiner.Cli.Progress;
using Spectre.Console;

namespace NewsMiner.Cli.Tests;

/// <summary>The run's progress: the counting behind both displays, the plain lines and the terminal display.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RunProgressTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-progress-tests", Guid.NewGuid().ToString("N"));

    public RunProgressTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Counts_ArticlesGoToTheFeedInHand_OutcomesAsInTheSummary()
    {
        var counts = new RunProgressCounts();
        Assert.Null(counts.ArticleDone("new"));
        counts.FeedStarted("https://a.example/feed", 4);
        counts.ArticleDone("new");
        counts.ArticleDone("skipped");
        counts.ArticleDone("duplicate");
        var a = counts.ArticleDone("failed")!;
        Assert.Equal(new FeedProgress(1, "https://a.example/feed", 4, New: 1, Skipped: 2, Failed: 1), a);
        Assert.True(a.Complete);
        counts.FeedStarted("b.xml", 2);
        var b = counts.ArticleDone("new")!;
        Assert.Equal((2, 1, 0, 0, false), (b.Index, b.New, b.Skipped, b.Failed, b.Complete));
        Assert.Equal((Feeds: 2, New: 2, Skipped: 2, Failed: 1), counts.Totals);
        Assert.Equal(["https://a.example/feed", "b.xml"], counts.Feeds.Select(f => f.Feed));
    }

    [Fact]
    public void Counts_AreExactUnderConcurrentArticles()
    {
        var counts = new RunProgressCounts();
        counts.FeedStarted("f", 3000);
        Parallel.For(0, 3000, i => counts.ArticleDone(i % 3 == 0 ? "new" : i % 3 == 1 ? "skipped" : "failed"));
        Assert.Equal((1, 1000, 1000, 1000), counts.Totals);
    }

    [Fact]
    public void Plain_WritesOneLineEveryNArticlesAndAtTheEndOfEachFeed()
    {
        var log = new CollectingLogger();
        var progress = new PlainRunProgress(log, feeds: 3, every: 2);
        progress.FeedStarted("https://a.example/feed", 5);
        foreach (var outcome in new[] { "new", "new", "skipped", "failed", "new" }) progress.ArticleDone("u", outcome);
        progress.FeedStarted("b.xml", 1);
        progress.ArticleDone("u", "duplicate");
        Assert.Equal(
        [
            "progress: feed 1/3 https://a.example/feed: 2/5 articles (2 new, 0 skipped, 0 failed); run: 2 new, 0 skipped, 0 failed",
            "progress: feed 1/3 https://a.example/feed: 4/5 articles (2 new, 1 skipped, 1 failed); run: 2 new, 1 skipped, 1 failed",
            "progress: feed 1/3 https://a.example/feed: 5/5 articles (3 new, 1 skipped, 1 failed); run: 3 new, 1 skipped, 1 failed",
            "progress: feed 2/3 b.xml: 1/1 articles (0 new, 1 skipped, 0 failed); run: 3 new, 2 skipped, 1 failed",
        ], log.Lines);
        Assert.All(log.Levels, l => Assert.Equal(LogLevel.Information, l));
    }

    [Fact]
    public async Task Run_WhenStderrIsNotATerminal_PrintsPlainProgressLines()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", Path.Combine(_dir, "p.db"), "--models", CliRunner.Models);
        Assert.Equal(0, exit);
        Assert.Contains("articles: 6 new", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var progress = Assert.Single(lines, l => l.Contains("progress: feed 1/1"));
        Assert.Contains("6/6 articles (6 new, 0 skipped, 0 failed); run: 6 new, 0 skipped, 0 failed", progress);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\r', stderr);
    }

    [Fact]
    public async Task Terminal_ShowsRunAndFeedCounts_AndLogLinesAboveTheDisplay()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(screen),
        });
        console.Profile.Width = 160;
        var progress = new TerminalRunProgress(console, feeds: 2);
        var logger = new TerminalRunProgress.Provider(console, LogLevel.Information).CreateLogger("run");
        var result = await progress.RunAsync(async () =>
        {
            progress.FeedStarted("https://a.example/feed", 3);
            progress.ArticleDone("u1", "new");
            progress.ArticleDone("u2", "skipped");
            logger.LogWarning("Article {Url} failed: {Reason}", "u3", "HTTP 500");
            progress.ArticleDone("u3", "failed");
            await Task.Delay(150); // past one refresh of the display
            progress.FeedStarted("b.xml", 1);
            progress.ArticleDone("u4", "new");
            return 7;
        });
        Assert.Equal(7, result);
        var text = screen.ToString();
        Assert.Contains("run: feed 2/2; articles 2 new, 1 skipped, 1 failed", text);
        Assert.Contains("b.xml: 1/1 (1 new, 0 skipped, 0 failed)", text);
        Assert.Contains("warn: run[0] Article u3 failed: HTTP 500", text);
        Assert.Equal((2, 2, 1, 1), progress.Counts.Totals);
    }

    /// <summary>A logger that keeps each formatted message.</summary>
    private sealed class CollectingLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            Levels.Add(logLevel);
        }
    }
}
