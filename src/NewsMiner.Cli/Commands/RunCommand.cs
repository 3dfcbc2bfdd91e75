using System.CommandLine;
using Microsoft.Extensions.Logging;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

internal static class RunCommand
{
    public const string DefaultFeeds = "feeds/default.txt";

    public static Command Create()
    {
        var feeds = new Option<string>("--feeds") { Description = "Feed URL, local feed file, OPML file, or text file with one feed URL or path per line.", DefaultValueFactory = _ => DefaultFeeds };
        var db = CommonOptions.Db();
        var models = CommonOptions.Models();
        var cmd = new Command("run", "Read the feeds, fetch new articles, clean, extract and store incidents.") { feeds, db, models };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            using var logging = CommonOptions.Logging(parse);
            var logger = logging.CreateLogger("run");
            var sources = FeedSources.Resolve(parse.GetValue(feeds)!);
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            using var store = SqliteIncidentStore.Open(parse.GetValue(db)!);
            using var fetcher = new HttpFetcher();
            var pipeline = new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), extractor, store, logger);
            var summary = await pipeline.RunAsync(sources, ct);
            var c = summary.Counts;
            Console.WriteLine($"feeds: {c.FeedsRead} read, {c.FeedsFailed} failed; articles: {c.ArticlesNew} new, {c.ArticlesSkipped} skipped, {c.ArticlesFailed} failed; incidents: {c.IncidentsNew} new");
            foreach (var f in summary.Failures) Console.Error.WriteLine($"failed: {f}");
            return summary.HadFailures ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }));
        return cmd;
    }
}
