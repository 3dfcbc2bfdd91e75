using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>Limits that keep one bad page from taking the run down.</summary>
public sealed record CleanerOptions
{
    public static readonly CleanerOptions Default = new();

    /// <summary>Largest page accepted, in bytes. Default 10 MB.</summary>
    public int MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest element nesting walked; deeper content is read as flat text. Default 400.</summary>
    public int MaxDepth { get; init; } = 400;

    /// <summary>Most elements a page may have (the cleaning time budget: work is linear in elements). Default 250,000.</summary>
    public int MaxElements { get; init; } = 250_000;
}

/// <summary>
/// Main-text and metadata extraction on AngleSharp: the page is parsed once, boilerplate is removed by tag, role,
/// class/id vocabulary and visibility, blocks are scored by prose density (commas, length, link density), and the
/// best-scoring container plus its related siblings is serialised paragraph by paragraph.
/// </summary>
public sealed partial class AngleSharpArticleCleaner : IArticleCleaner
{
    private readonly CleanerOptions _options;
    private readonly HtmlParser _parser = new(new HtmlParserOptions
    {
        IsScripting = false,
        // Less to build: the cleaner reads neither comments nor source positions.
        SkipComments = true,
        DisableElementPositionTracking = true,
    });

    public AngleSharpArticleCleaner(CleanerOptions? options = null) => _options = options ?? CleanerOptions.Default;

    public CleanedArticle Clean(RawPage page)
    {
        CheckBytes(page);
        var html = CharsetDecoder.Decode(page.Content, page.ContentType, out _);
        IHtmlDocument doc;
        try { doc = _parser.ParseDocument(html); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NewsMinerInputException(page.Source, $"the HTML could not be parsed ({ex.Message})", ex);
        }
        return Clean(doc, page);
    }

    internal CleanedArticle Clean(IHtmlDocument doc, RawPage page)
    {
        // One walk of the DOM lists its elements for every stage. The time budget: work is linear in elements,
        // so bounding them bounds the time a page can take.
        var table = ElementTable.Build(doc, _options.MaxElements) ??
            throw new NewsMinerInputException(page.Source, $"the page has {doc.All.Length:N0} elements, over the budget of {_options.MaxElements:N0}");
        var meta = MetadataReader.Read(doc, table.Elements, page.Url);
        var body = doc.Body;
        if (body is null) return new CleanedArticle { Source = page.Source, Url = meta.Url, Text = "", Readerable = false };

        var paragraphs = MainTextExtractor.Extract(body, table.Subtree(table.IndexOf(body)), _options.MaxDepth);
        var text = string.Join("\n\n", DropTitle(paragraphs, meta.Title));
        var language = meta.Language ?? LanguageGuesser.Guess(text);
        var readerable = meta.Readerable;
        return new CleanedArticle
        {
            Source = page.Source,
            Url = meta.Url,
            Title = meta.Title,
            Author = meta.Author,
            Published = meta.Published,
            Modified = meta.Modified,
            Language = language,
            SiteName = meta.SiteName,
            Text = text,
            Readerable = readerable,
        };
    }

    private void CheckBytes(RawPage page)
    {
        var b = page.Content;
        if (b.Length == 0) throw new NewsMinerInputException(page.Source, "the page is empty (0 bytes)");
        if (b.Length > _options.MaxBytes)
            throw new NewsMinerInputException(page.Source, $"the page is {b.Length / (1024.0 * 1024):0.#} MB, over the {_options.MaxBytes / (1024 * 1024)} MB limit");
        if (StartsWith(b, "%PDF")) throw new NewsMinerInputException(page.Source, "not an HTML page: it is a PDF document");
        if (StartsWith(b, "\x89PNG") || (b.Length > 2 && b[0] == 0xFF && b[1] == 0xD8) || StartsWith(b, "GIF8") || (StartsWith(b, "RIFF") && b.Length > 12 && b[8] == (byte)'W'))
            throw new NewsMinerInputException(page.Source, "not an HTML page: it is an image");
        if (StartsWith(b, "PK\x03\x04") || (b.Length > 2 && b[0] == 0x1F && b[1] == 0x8B))
            throw new NewsMinerInputException(page.Source, "not an HTML page: it is a compressed archive");
        // Binary data: NUL bytes in the first kilobytes (UTF-16 pages carry a BOM and are decoded before this matters).
        var probe = Math.Min(b.Length, 8192);
        var nul = 0;
        for (var i = 0; i < probe; i++) if (b[i] == 0) nul++;
        var utf16 = b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
        if (!utf16 && nul > probe / 100) throw new NewsMinerInputException(page.Source, "not an HTML page: binary data");
    }

    private static bool StartsWith(byte[] b, string prefix)
    {
        if (b.Length < prefix.Length) return false;
        for (var i = 0; i < prefix.Length; i++) if (b[i] != (byte)prefix[i]) return false;
        return true;
    }

    /// <summary>The headline repeated at the top of the body is metadata, not text.</summary>
    private static IEnumerable<string> DropTitle(List<string> paragraphs, string? title)
    {
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (i < 3 && title is not null && string.Equals(paragraphs[i], title, StringComparison.OrdinalIgnoreCase)) continue;
            yield return paragraphs[i];
        }
    }
}
