namespace NewsMiner.Core.Cleaning;

/// <summary>A page as fetched or read from disk, before cleaning.</summary>
/// <param name="Source">Where it came from (URL or path), used in error messages.</param>
/// <param name="Url">The page's URL, if known (used to resolve relative links and as the fallback canonical URL).</param>
/// <param name="Content">The raw bytes.</param>
/// <param name="ContentType">The HTTP Content-Type header, if any (its charset wins over the page's own).</param>
public sealed record RawPage(string Source, string? Url, byte[] Content, string? ContentType = null);

/// <summary>The main text and metadata of one article page.</summary>
public sealed record CleanedArticle
{
    public required string Source { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public string? Language { get; init; }
    public string? SiteName { get; init; }

    /// <summary>The article body, paragraphs separated by one blank line.</summary>
    public required string Text { get; init; }

    /// <summary>False when the page does not look like an article (too little connected prose).</summary>
    public bool Readerable { get; init; } = true;
}

public interface IArticleCleaner
{
    /// <summary>Cleans one page. Throws <see cref="NewsMinerInputException"/> for a page that cannot be read.</summary>
    CleanedArticle Clean(RawPage page);
}
