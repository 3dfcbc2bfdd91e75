using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Tests.Support;
using NewsMiner.Core.Training;

namespace NewsMiner.Core.Tests.Training;

public sealed class CorpusTests
{
    private static TempDir CorpusWith(string labels, params (string Name, string Text)[] articles)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.File("articles"));
        Directory.CreateDirectory(dir.File("labels"));
        File.WriteAllText(dir.File("labels/a.jsonl"), labels);
        foreach (var (name, text) in articles) File.WriteAllText(dir.File("articles/" + name), text);
        return dir;
    }

    private const string Article = "url: https://x.example/a\npublished: 2025-06-03\ntitle: T\n\nBody of the article.\n";

    [Fact]
    public void Load_ReadsValidCorpus()
    {
        using var dir = CorpusWith("""{"id":"a1","url":"https://x.example/a","published":"2025-06-03","incidents":[{"victim":"BitoPro","amount":11000000,"currency":"USD","actor":null,"date":"2025-05","mixers":[],"primary":true}]}""" + "\n", ("a1.txt", Article));
        var a = Assert.Single(Corpus.Load(dir.Path, new AngleSharpArticleCleaner()));
        Assert.Equal("BitoPro", a.Incidents[0].Victim);
        Assert.Equal(11_000_000m, a.Incidents[0].Amount);
        Assert.Equal("Body of the article.", a.Article.Text);
    }

    [Theory]
    [InlineData("""{"id":"a1","url":"u","published":"2025-06-03","incidents":[{"victim":"X","amount":"11m","currency":"USD","mixers":[],"primary":true}]}""", "amount must be a positive number")]
    [InlineData("""{"id":"a1","url":"u","published":"2025-06-03","incidents":[{"victim":"X","date":"8 May","mixers":[],"primary":true}]}""", "must be YYYY-MM-DD or YYYY-MM")]
    [InlineData("""{"id":"a1","url":"u","published":"2025-06-03","incidents":[{"victim":"X","mixers":[],"primary":false}]}""", "exactly one incident must be primary")]
    [InlineData("""{"id":"a1","url":"u","published":"yesterday","incidents":[]}""", "not an ISO 8601 date")]
    [InlineData("""{"id":"a1", broken""", "not valid JSON")]
    public void Load_NamesFileAndLine_OfBadLabel(string badLine, string reason)
    {
        using var dir = CorpusWith("\n" + badLine + "\n", ("a1.txt", Article));
        var ex = Assert.Throws<NewsMinerInputException>(() => Corpus.Load(dir.Path, new AngleSharpArticleCleaner()));
        Assert.Contains("a.jsonl:2", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Load_ReportsArticleWithoutLabel_AndLabelWithoutArticle()
    {
        using var dir = CorpusWith("""{"id":"ghost","url":"u","published":"2025-06-03","incidents":[]}""" + "\n", ("orphan.txt", Article));
        var ex = Assert.Throws<NewsMinerInputException>(() => Corpus.Load(dir.Path, new AngleSharpArticleCleaner()));
        Assert.Contains("no article file for id 'ghost'", ex.Message);
        Assert.Contains("orphan.txt: the article has no label line", ex.Message);
    }

    [Fact]
    public void EveryLabelledTheftArticle_PassesTheWordsRuleInFrontOfTheRelevanceModel()
    {
        var refused = new List<string>();
        foreach (var dir in new[] { "corpus", Path.Combine("corpus", "heldout") })
            foreach (var a in Corpus.Load(Path.Combine(TestPaths.RepoRoot, dir), new AngleSharpArticleCleaner()).Where(a => a.Incidents.Count > 0))
            {
                var doc = new NewsMiner.Core.Extraction.Candidates.ArticleDocument(a.Article.Title ?? "", a.Article.Text, a.Published);
                if (!NewsMiner.Core.Extraction.MlNetIncidentExtractor.MayReportCryptoTheft(NewsMiner.Core.Extraction.Candidates.CandidateSet.Build(doc)))
                    refused.Add(a.Id);
            }
        Assert.Empty(refused);
    }
}
