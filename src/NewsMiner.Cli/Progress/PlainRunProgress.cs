using Microsoft.Extensions.Logging;
using NewsMiner.Core.Pipeline;

namespace NewsMiner.Cli.Progress;

/// <summary>
/// Progress when stderr is not a terminal (cron, systemd, a pipe): plain log lines through the run's logger, so they
/// carry its timestamps and obey <c>-q</c>. One line every <see cref="Every"/> articles of a feed and one when a
/// feed's last article is done: <c>progress: feed 2/5 URL: 40/120 articles (35 new, 4 skipped, 1 failed); run: ...</c>.
/// </summary>
internal sealed class PlainRunProgress(ILogger logger, int feeds, int every = PlainRunProgress.DefaultEvery) : IRunProgress
{
    /// <summary>Articles between two progress lines of a feed. Default 25.</summary>
    public const int DefaultEvery = 25;

    public int Every { get; } = every >= 1 ? every : throw new ArgumentOutOfRangeException(nameof(every), every, "must be at least 1");

    public RunProgressCounts Counts { get; } = new();

    public void FeedStarted(string feed, int items) => Counts.FeedStarted(feed, items);

    public void ArticleDone(string url, string outcome)
    {
        if (Counts.ArticleDone(outcome) is not { } f) return;
        if (f.Done % Every != 0 && f.Done != f.Items) return;
        var (_, runNew, runSkipped, runFailed) = Counts.Totals;
        logger.LogInformation("progress: feed {Index}/{Feeds} {Feed}: {Done}/{Items} articles ({New} new, {Skipped} skipped, {Failed} failed); run: {RunNew} new, {RunSkipped} skipped, {RunFailed} failed",
            f.Index, feeds, f.Feed, f.Done, f.Items, f.New, f.Skipped, f.Failed, runNew, runSkipped, runFailed);
    }
}
