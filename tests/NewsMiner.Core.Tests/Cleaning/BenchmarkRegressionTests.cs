using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Cleaning.Evaluation;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Cleaning;

/// <summary>
/// Guards the cleaner's quality on the real pages in ../shared/benchmarks (read in place at test time). The floors sit
/// a little under the figures in the README so that a real regression fails and noise does not.
/// </summary>
public sealed class BenchmarkRegressionTests
{
    [Fact]
    public void ArticleExtractionBenchmark_StaysAboveFloor()
    {
        var dir = Path.Combine(TestPaths.Shared, "benchmarks", "article-extraction");
        var s = CleaningBenchmark.EvaluateText(new AngleSharpArticleCleaner(), CleaningBenchmark.LoadArticlePages(dir));
        Assert.Equal(181, s.Pages);
        Assert.True(s.F1 >= 0.965, $"F1 {s.F1:0.000}");
        Assert.True(s.Precision >= 0.955, $"precision {s.Precision:0.000}");
        Assert.True(s.Recall >= 0.97, $"recall {s.Recall:0.000}");
        Assert.True(s.Accuracy >= 0.33, $"accuracy {s.Accuracy:0.000}");
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
}
