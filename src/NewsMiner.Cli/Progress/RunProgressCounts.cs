namespace NewsMiner.Cli.Progress;

/// <summary>One feed's counts so far.</summary>
/// <param name="Index">1-based position of the feed among the feeds read so far.</param>
internal sealed record FeedProgress(int Index, string Feed, int Items, int New, int Skipped, int Failed)
{
    /// <summary>Articles handled so far, whatever the outcome.</summary>
    public int Done => New + Skipped + Failed;

    public bool Complete => Done >= Items;
}

/// <summary>
/// The counts behind both progress displays: per feed and for the run, from the pipeline's notifications. An article
/// belongs to the feed started last (the pipeline reads one feed at a time). Outcomes as the pipeline names them:
/// <c>new</c>; <c>skipped</c> and <c>duplicate</c> (stored already, under this or another URL) count as skipped, as in
/// the run's summary line; <c>failed</c>; any other outcome counts as skipped. Safe to call from several threads.
/// </summary>
internal sealed class RunProgressCounts
{
    private readonly object _lock = new();
    private readonly List<FeedProgress> _feeds = [];

    /// <summary>Starts counting a feed with <paramref name="items"/> items; returns its counts.</summary>
    public FeedProgress FeedStarted(string feed, int items)
    {
        lock (_lock)
        {
            var f = new FeedProgress(_feeds.Count + 1, feed, Math.Max(0, items), 0, 0, 0);
            _feeds.Add(f);
            return f;
        }
    }

    /// <summary>Counts one article of the current feed; returns the feed's counts after it (null before any feed started).</summary>
    public FeedProgress? ArticleDone(string outcome)
    {
        lock (_lock)
        {
            if (_feeds.Count == 0) return null;
            var f = _feeds[^1];
            f = outcome switch
            {
                "new" => f with { New = f.New + 1 },
                "failed" => f with { Failed = f.Failed + 1 },
                _ => f with { Skipped = f.Skipped + 1 },
            };
            _feeds[^1] = f;
            return f;
        }
    }

    /// <summary>Every feed started so far, in order.</summary>
    public IReadOnlyList<FeedProgress> Feeds
    {
        get { lock (_lock) return _feeds.ToList(); }
    }

    /// <summary>The run's totals so far: feeds started, articles new, skipped and failed.</summary>
    public (int Feeds, int New, int Skipped, int Failed) Totals
    {
        get
        {
            lock (_lock)
                return (_feeds.Count, _feeds.Sum(f => f.New), _feeds.Sum(f => f.Skipped), _feeds.Sum(f => f.Failed));
        }
    }
}
