using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;
using Xunit.Abstractions;

namespace NewsMiner.Core.Tests.Storage;

public sealed class NearDuplicateTests(ITestOutputHelper output)
{
    private static CleanedArticle Page(string file, string url) =>
        ArticleFiles.Read(TestPaths.Data("neardup", file), new AngleSharpArticleCleaner(), url) with { Url = url };

    private static readonly string Words = string.Join(' ', Enumerable.Range(0, 60).Select(i => "word" + i));

    [Fact]
    public void Shingles_IgnoreCaseAndPunctuation_AndTextsUnderFiftyWordsHaveNone()
    {
        Assert.Equal(NearDuplicates.Shingles(Words), NearDuplicates.Shingles(Words.ToUpperInvariant().Replace(" ", ",  ")));
        Assert.Equal(60 - NearDuplicates.ShingleWords + 1, NearDuplicates.Shingles(Words).Count);
        Assert.Empty(NearDuplicates.Shingles(string.Join(' ', Enumerable.Range(0, 49).Select(i => "word" + i))));
        Assert.Empty(NearDuplicates.BandKeys([]));
    }

    [Fact]
    public void BandKeys_OfAKnownText_NeverChange_BecauseStoredKeysMustStayValid()
    {
        var keys = NearDuplicates.BandKeys(NearDuplicates.Shingles(Words));
        Assert.Equal(NearDuplicates.Bands, keys.Length);
        Assert.Equal(keys, NearDuplicates.BandKeys(NearDuplicates.Shingles(Words)));
        // Pinned: a change to the tokeniser, the shingles or the hash functions would orphan every stored key.
        Assert.Equal(-6201501658858431961L, keys[0]);
        Assert.Equal(-7422480472024852602L, keys[^1]);
    }

    [Fact]
    public async Task SaveArticle_EditedSyndicatedCopy_IsStoredAsANearDuplicateUrlOfTheOriginal()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        var original = Page("wire-original.html", "https://meridianwire.example/2025/03/12/larkspur-bridge-hack");
        var copy = Page("wire-syndicated.html", "https://coastalcourier.example/business/north-korea-suspected-crypto-bridge");
        var first = await store.SaveArticleAsync(original.Url!, original, Some.Extraction(Some.Incident("Larkspur Bridge", "2025-03-11", 27_000_000m)), null, null, default);
        Assert.Equal(SaveKind.New, first.Kind);

        var found = await store.FindCopyAsync(copy, default);
        Assert.NotNull(found);
        Assert.Equal((first.ArticleId, "near_duplicate"), (found.ArticleId, found.Kind));
        var second = await store.SaveArticleAsync(copy.Url!, copy, null, null, null, default);
        Assert.Equal(SaveKind.NearDuplicate, second.Kind);
        Assert.Equal(first.ArticleId, second.ArticleId);
        Assert.InRange(second.Similarity!.Value, NearDuplicates.Threshold, 0.95);

        Assert.Equal(1, await store.CountAsync("articles", default));
        Assert.Equal(1, await store.CountAsync("mentions", default));
        Assert.Equal([original.Url!, copy.Url!], await store.ArticleUrlsAsync(first.ArticleId, default));
        using var c = new SqliteConnection($"Data Source={dir.File("t.db")};Pooling=False");
        var row = c.QuerySingle<(string Kind, double Similarity)>("SELECT kind, similarity FROM article_urls WHERE url = @u", new { u = copy.Url });
        Assert.Equal("near_duplicate", row.Kind);
        Assert.Equal(second.Similarity!.Value, row.Similarity, 4);
        // The copy's URL is known now: a later run skips it before fetching.
        Assert.True(await store.HasArticleAsync(copy.Url!, default));
    }

    [Fact]
    public async Task SaveArticle_SameHackWrittenByAnotherOutlet_IsItsOwnArticle()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        var original = Page("wire-original.html", "https://meridianwire.example/2025/03/12/larkspur-bridge-hack");
        var other = Page("same-hack-other-writing.html", "https://blockledger.example/defi/larkspur-bridge-27m");
        await store.SaveArticleAsync(original.Url!, original, Some.Extraction(Some.Incident("Larkspur Bridge", "2025-03-11", 27_000_000m)), null, null, default);

        Assert.Null(await store.FindCopyAsync(other, default));
        var outcome = await store.SaveArticleAsync(other.Url!, other, Some.Extraction(Some.Incident("Larkspur Bridge", "2025-03-11", 27_000_000m)), null, null, default);
        Assert.Equal(SaveKind.New, outcome.Kind);
        Assert.Equal(2, await store.CountAsync("articles", default));
        // Two sources of one theft: the incident merger joins them, the articles stay apart.
        Assert.Equal(2, Assert.Single(await store.ListIncidentsAsync(default)).Sources.Count);
    }

    [Fact]
    public async Task CandidateLookup_SearchesTheBandIndex_AndNeverScansTheTable()
    {
        using var dir = new TempDir();
        var path = dir.File("t.db");
        using (var store = SqliteIncidentStore.Open(path))
            await store.SaveArticleAsync("https://a.example/1", Page("wire-original.html", "https://a.example/1"), Some.Extraction(), null, null, default);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        c.Execute("ANALYZE;");
        var keys = NearDuplicates.BandKeys(NearDuplicates.Shingles(Page("wire-syndicated.html", "https://b.example/2").Text));
        var plan = c.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + SqliteIncidentStore.CandidateSql,
            new { keys, limit = NearDuplicates.MaxCandidates }).Select(r => r.Detail).ToList();
        output.WriteLine(string.Join("\n", plan));
        Assert.Contains(plan, d => d.StartsWith("SEARCH article_sketches USING PRIMARY KEY (band_key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal) && d.Contains("article_sketches"));
        Assert.Equal(NearDuplicates.Bands, c.ExecuteScalar<long>("SELECT COUNT(*) FROM article_sketches"));
    }

    /// <summary>
    /// The threshold on real texts: no two articles of the labelled corpus (104 pairs report the same theft in
    /// different words) are merged, while an edited copy of each (a republication note and a credit line added, 2% of
    /// its words changed, one paragraph cut) is found as a near-duplicate of its original.
    /// </summary>
    [Fact]
    public async Task Corpus_DifferentArticlesAreNeverMerged_AndEditedCopiesOfEachAreFound()
    {
        var cleaner = new AngleSharpArticleCleaner();
        var files = new[] { "articles", Path.Combine("heldout", "articles") }
            .SelectMany(d => Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "corpus", d)))
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 400, $"corpus has {files.Count} articles");
        var texts = files.Select(f => ArticleFiles.Read(f, cleaner).Text).ToList();

        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("corpus.db"));
        for (var i = 0; i < texts.Count; i++)
        {
            var outcome = await store.SaveArticleAsync($"https://corpus.example/{i}", Some.Article(texts[i], url: $"https://corpus.example/{i}"), Some.Extraction(), null, null, default);
            Assert.True(outcome.Kind == SaveKind.New, $"{Path.GetFileName(files[i])} was merged into article {outcome.ArticleId} ({outcome.Kind}, {outcome.Similarity})");
        }

        var shingles = texts.Select(NearDuplicates.Shingles).ToList();
        var (closest, pair) = (0.0, "");
        for (var i = 0; i < shingles.Count; i++)
            for (var j = i + 1; j < shingles.Count; j++)
            {
                var s = NearDuplicates.Jaccard(shingles[i], shingles[j]);
                if (s > closest) (closest, pair) = (s, $"{Path.GetFileName(files[i])} / {Path.GetFileName(files[j])}");
            }

        var random = new Random(5);
        var similarities = new List<double>();
        var found = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var copy = EditedCopy(texts[i], random);
            var match = await store.FindCopyAsync(Some.Article(copy, url: $"https://copy.example/{i}"), default);
            similarities.Add(NearDuplicates.Jaccard(shingles[i], NearDuplicates.Shingles(copy)));
            if (match is { Kind: "near_duplicate" } && match.ArticleId == i + 1) found++;
        }
        similarities.Sort();
        output.WriteLine($"{texts.Count} articles; closest two different articles: {closest:0.000} ({pair})");
        output.WriteLine($"edited copies found: {found}/{texts.Count}; their similarity: min {similarities[0]:0.00}, 5th percentile {similarities[similarities.Count / 20]:0.00}, median {similarities[similarities.Count / 2]:0.00}");
        Assert.True(closest < NearDuplicates.Threshold / 2, $"{pair}: {closest:0.000}");
        Assert.True(found >= texts.Count * 97 / 100, $"{found}/{texts.Count} edited copies found");
    }

    /// <summary>A republished copy: a note before, a credit line after, 2% of the words replaced, one paragraph (not the first) cut.</summary>
    private static string EditedCopy(string text, Random random)
    {
        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        if (paragraphs.Count > 3) paragraphs.RemoveAt(random.Next(1, paragraphs.Count));
        var edited = paragraphs.Select(p => string.Join(' ', p.Split(' ').Select(w => random.NextDouble() < 0.02 ? "changed" : w))).ToList();
        edited.Insert(0, "This story was first published by Example Wire and is republished here under a content-sharing agreement.");
        edited.Add("Reporting by A. Reporter; editing by B. Editor.");
        return string.Join("\n\n", edited);
    }
}
