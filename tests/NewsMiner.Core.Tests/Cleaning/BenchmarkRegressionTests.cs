using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Cleaning.Evaluation;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Cleaning;

/// <summary>
/// Guards the cleaner's quality on the real pages in ../shared/benchmarks (read in place at test time). The floors are
/// issue 3's goals (F1 0.975, precision 0.96, accuracy 0.35; recall a little under the README's figure): the metric is
/// deterministic, so any change that drops the cleaner below a goal fails here.
/// </summary>
public sealed class BenchmarkRegressionTests
{
    [Fact]
    public void ArticleExtractionBenchmark_StaysAboveFloor()
    {
        var dir = Path.Combine(TestPaths.Shared, "benchmarks", "article-extraction");
        var s = CleaningBenchmark.EvaluateText(new AngleSharpArticleCleaner(), CleaningBenchmark.LoadArticlePages(dir));
        Assert.Equal(181, s.Pages);
        Assert.True(s.F1 >= 0.975, $"F1 {s.F1:0.000}");
        Assert.True(s.Precision >= 0.96, $"precision {s.Precision:0.000}");
        Assert.True(s.Recall >= 0.975, $"recall {s.Recall:0.000}");
        Assert.True(s.Accuracy >= 0.35, $"accuracy {s.Accuracy:0.000}");
    }

    [Fact]
    public void ArticleExtractionBenchmark_NoPageCrashes()
    {
        var dir = Path.Combine(TestPaths.Shared, "benchmarks", "article-extraction");
        var cleaner = new AngleSharpArticleCleaner();
        foreach (var page in CleaningBenchmark.LoadArticlePages(dir))
        {
            var a = cleaner.Clean(new RawPage(page.Id, page.Url, page.Html));
            Assert.False(string.IsNullOrWhiteSpace(a.Title), page.Id);
        }
    }

    /// <summary>
    /// Issue 3's metadata goals on readability-pages: title 0.95; byline, language, site name and published time 0.90;
    /// readerable 0.95. The byline misses must be exactly the expectations judged wrong in
    /// docs/evaluation-notes-metadata.md, so a new miss fails even while the share stays above the goal.
    /// </summary>
    [Fact]
    public void ReadabilityPagesMetadata_StaysAboveGoals()
    {
        var dir = Path.Combine(TestPaths.Shared, "benchmarks", "readability-pages");
        var s = CleaningBenchmark.EvaluateMetadata(new AngleSharpArticleCleaner(), dir);
        var goals = new Dictionary<string, double>
        {
            ["title"] = 0.95, ["byline"] = 0.90, ["lang"] = 0.90, ["siteName"] = 0.90, ["publishedTime"] = 0.90, ["readerable"] = 0.95,
        };
        foreach (var (field, goal) in goals)
        {
            var f = Assert.Single(s.Fields, x => x.Field == field);
            Assert.True(f.Share >= goal, $"{field} {f.Right}/{f.Expected}");
        }
        string[] judgedWrong = ["herald-sun-1", "liberation-1", "salon-1", "seattletimes-1", "spiceworks", "royal-road", "yahoo-4"];
        Assert.Subset(judgedWrong.ToHashSet(), s.Misses.Where(m => m.Field == "byline").Select(m => m.Page).ToHashSet());
    }
}
