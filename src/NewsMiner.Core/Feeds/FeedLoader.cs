using NewsMiner.Core.Fetching;

namespace NewsMiner.Core.Feeds;

/// <summary>Reads one feed location: an http(s) feed through the shared fetcher, or a local file.</summary>
public static class FeedLoader
{
    /// <summary>
    /// Fetches or reads the feed and parses it. A remote feed's relative links resolve against its final URL and its
    /// charset comes from the HTTP Content-Type; a local feed's relative links resolve against the file itself.
    /// </summary>
    public static async Task<ParsedFeed> ReadAsync(FeedLocation feed, HttpFetcher fetcher, CancellationToken ct)
    {
        if (feed.IsRemote)
        {
            var r = await fetcher.GetAsync(feed.Value, ct);
            return FeedParser.Parse(feed.Value, r.Body, r.ContentType, r.Url);
        }
        if (!File.Exists(feed.Value)) throw new NewsMinerInputException(feed.Value, "no such feed file");
        var bytes = await File.ReadAllBytesAsync(feed.Value, ct);
        return FeedParser.Parse(feed.Value, bytes, null, new Uri(Path.GetFullPath(feed.Value)).AbsoluteUri);
    }
}
