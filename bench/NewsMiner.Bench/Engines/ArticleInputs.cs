using NewsMiner.Core;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Bench.Engines;

/// <summary>
/// One article as the pipeline receives it: the raw bytes of an HTML page (or of a corpus <c>.txt</c> file, which
/// the pipeline's local-file path reads with the plain-text reader instead of the cleaner).
/// </summary>
internal sealed record ArticleInput(string Id, string? Url, byte[] Bytes, bool PlainText)
{
    /// <summary>The cleaning step as the pipeline does it for this kind of input.</summary>
    public CleanedArticle Clean(IArticleCleaner cleaner) =>
        PlainText ? PlainTextArticleReader.Read(Id, Bytes) : cleaner.Clean(new RawPage(Id, Url, Bytes));
}

/// <summary>The input sets the clean+extract suite measures.</summary>
internal static class ArticleInputs
{
    public const string Pages = "pages";
    public const string Corpus = "corpus";

    /// <summary>The article-extraction benchmark's pages, as bytes.</summary>
    public static IReadOnlyList<ArticleInput> BenchmarkPages(string dir) =>
        BenchPages.Load(dir).Select(p => new ArticleInput(p.Id, p.Url, p.Bytes, PlainText: false)).ToList();

    /// <summary>Every article file of a corpus (<c>articles/*.html</c> and <c>*.txt</c>), read once up front.</summary>
    public static IReadOnlyList<ArticleInput> CorpusArticles(string corpusDir)
    {
        var dir = Path.Combine(corpusDir, "articles");
        if (!Directory.Exists(dir)) throw new NewsMinerInputException(dir, "no corpus articles folder here (run from the repository root, or pass --corpus)");
        var files = Directory.GetFiles(dir)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".html" or ".htm" or ".txt")
            .Order(StringComparer.Ordinal)
            .Select(f => new ArticleInput(Path.GetFileName(f), null, File.ReadAllBytes(f), PlainText: f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (files.Count == 0) throw new NewsMinerInputException(dir, "the corpus has no .html or .txt articles");
        return files;
    }
}
