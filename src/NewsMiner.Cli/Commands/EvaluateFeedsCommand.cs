using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Feeds.Conformance;

namespace NewsMiner.Cli.Commands;

/// <summary><c>newsminer evaluate-feeds DIR</c>: the feed conformance figures on the shared feed suite.</summary>
internal static class EvaluateFeedsCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The feed conformance suite (shared/benchmarks/feeds)." };
        var json = CommonOptions.Json();
        var misses = new Option<bool>("--misses") { Description = "List every file not parsed and every disagreement." };
        var cmd = new Command("evaluate-feeds", "Run the feed parser over the conformance suite and print its figures.") { dir, json, misses };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            var path = parse.GetValue(dir)!;
            if (!Directory.Exists(path) || !FeedConformance.IsSuiteFolder(path))
                throw new NewsMinerInputException(path, "not the feed conformance suite (no gofeed/ or feedparser/dates/date-cases.json)");
            var r = FeedConformance.Run(path, ct);
            if (parse.GetValue(json))
            {
                static object S(Score s) => new { right = s.Right, total = s.Total, share = Math.Round(s.Share, 4) };
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    suite = path, files = r.Files, parsed = r.Parsed, rejected = r.Rejected, crashed = r.Crashed,
                    well_formed_parsed = S(r.WellFormedParsed), not_feeds_rejected = S(r.NotFeedsRejected), ill_formed_read = S(r.IllFormedRead),
                    encoding = S(r.Encoding), dates = S(r.Dates), gofeed_items = S(r.GofeedItems), gofeed_titles = S(r.GofeedTitles),
                    gofeed_links = S(r.GofeedLinks), gofeed_published = S(r.GofeedDates), feedparser_fields = S(r.FeedparserFields),
                    with_warnings = r.WithWarnings, library_alone = S(r.LibraryAlone), library_fallbacks = r.LibraryFallbacks,
                    formats = r.Formats, rejection_reasons = r.RejectionReasons,
                }, JsonOptions.Compact));
            }
            else
            {
                foreach (var line in Describe(r)) Console.WriteLine(line);
            }
            if (parse.GetValue(misses)) foreach (var m in r.Misses) Console.WriteLine("  " + m);
            return Task.FromResult(r.Crashed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);
        }));
        return cmd;
    }

    /// <summary>The figures as a Markdown table, the form README.md shows them in.</summary>
    internal static IEnumerable<string> Describe(ConformanceReport r)
    {
        yield return $"files: {r.Files} ({r.Parsed} parsed, {r.Rejected} refused with a reason, {r.Crashed} crashed); {r.WithWarnings} parsed with a repair or warning, {r.LibraryFallbacks} read by NewsMiner's reader where CodeHollow.FeedReader failed";
        yield return "| figure | result |";
        yield return "| --- | --- |";
        yield return $"| well-formed files parsed | {r.WellFormedParsed} |";
        yield return $"| (for comparison: CodeHollow.FeedReader alone on the raw bytes) | {r.LibraryAlone} |";
        yield return $"| README's not-feeds refused | {r.NotFeedsRejected} |";
        yield return $"| feedparser ill-formed files still read | {r.IllFormedRead} |";
        yield return $"| encoding cases decoded right | {r.Encoding} |";
        yield return $"| date cases agreeing | {r.Dates} |";
        yield return $"| gofeed items agreeing (title, link, published) | {r.GofeedItems} |";
        yield return $"| gofeed titles / links / published | {r.GofeedTitles} / {r.GofeedLinks} / {r.GofeedDates} |";
        yield return $"| feedparser title/link/date expectations | {r.FeedparserFields} |";
        yield return "formats: " + string.Join(", ", r.Formats.Select(f => $"{f.Key} {f.Value}"));
        yield return "refusals: " + string.Join("; ", r.RejectionReasons.Select(f => $"{f.Key} ({f.Value})"));
    }
}
