using NewsMiner.Core.Feeds.Conformance;
using NewsMiner.Core.Tests.Support;
using Xunit.Abstractions;

namespace NewsMiner.Core.Tests.Feeds;

/// <summary>
/// Runs the whole feed conformance suite (<c>../shared/benchmarks/feeds</c>, read in place) and holds the parser to
/// floors set a little under the figures README.md reports.
/// </summary>
public sealed class FeedConformanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<ConformanceReport> Report = new(() => FeedConformance.Run(SuiteDir));

    private static string SuiteDir => Path.Combine(TestPaths.Shared, "benchmarks", "feeds");

    [Fact]
    public void Suite_EveryFileParsesOrIsRefusedWithAReason_AndFiguresHoldTheirFloors()
    {
        Assert.True(Directory.Exists(SuiteDir), $"the feed suite is missing: {SuiteDir}");
        var r = Report.Value;
        output.WriteLine($"files {r.Files}: {r.Parsed} parsed, {r.Rejected} refused, {r.Crashed} crashed");
        output.WriteLine($"well-formed parsed {r.WellFormedParsed}; not-feeds refused {r.NotFeedsRejected}; ill-formed read {r.IllFormedRead}");
        output.WriteLine($"encoding {r.Encoding}; dates {r.Dates}; feedparser fields {r.FeedparserFields}");
        output.WriteLine($"gofeed items {r.GofeedItems} (titles {r.GofeedTitles}, links {r.GofeedLinks}, published {r.GofeedDates})");
        foreach (var m in r.Misses) output.WriteLine("  " + m);

        Assert.True(r.Files > 1200, $"only {r.Files} feed files found in {SuiteDir}");
        Assert.Equal(0, r.Crashed);
        Assert.Equal(r.Files, r.Parsed + r.Rejected);
        Assert.True(r.WellFormedParsed.Share >= 0.98, $"well-formed parsed {r.WellFormedParsed}");
        Assert.Equal(r.NotFeedsRejected.Total, r.NotFeedsRejected.Right);
        Assert.True(r.Encoding.Share >= 0.93, $"encoding {r.Encoding}");
        Assert.True(r.Dates.Share >= 0.95, $"dates {r.Dates}");
        Assert.True(r.GofeedItems.Share >= 0.97, $"gofeed items {r.GofeedItems}");
        Assert.True(r.FeedparserFields.Share >= 0.97, $"feedparser fields {r.FeedparserFields}");
    }

    [Fact]
    public void Suite_EveryRefusalNamesTheFileAndAReason()
    {
        var r = Report.Value;
        Assert.All(r.RejectionReasons.Keys, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        Assert.DoesNotContain(r.Misses, m => m.StartsWith("CRASH", StringComparison.Ordinal));
    }
}
