using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Metadata of a page as published. <see cref="Readerable"/> is decided here too because it must be judged on the
/// page before cleaning removes anything.
/// </summary>
internal sealed record PageMetadata(
    string? Url, string? Title, string? Author, DateTimeOffset? Published, DateTimeOffset? Modified,
    string? Language, string? SiteName, bool Readerable = true);

/// <summary>
/// Reads title, author, dates, language, site name and canonical URL from the sources publishers use, most
/// trustworthy first: JSON-LD, then meta tags (Dublin Core, Open Graph, article:*, Parse.ly, itemprop), then
/// visible markup (byline, &lt;time&gt;, dateline) and the URL. Every candidate is checked before it is taken and a
/// refused one passes the turn to the next source: no value is better than a wrong one.
/// </summary>
internal static class MetadataReader
{
    public static PageMetadata Read(IHtmlDocument doc, string? pageUrl) => Read(doc, DomWalk.AllElements(doc), pageUrl);

    /// <summary>Reads the metadata given the page's elements in document order (<see cref="ElementTable.Elements"/>).</summary>
    public static PageMetadata Read(IHtmlDocument doc, IElement[] all, string? pageUrl)
    {
        var meta = new MetaTags(all);
        var ld = JsonLdArticle.Read(all);
        var url = CanonicalUrl(all, meta, pageUrl);
        var siteName = SiteName(meta, ld);
        var title = TitleReader.Read(doc, meta, ld, siteName);
        var author = Author(doc, meta, ld);
        var (published, modified) = DateReader.Read(all, meta, ld, url);
        var lang = Language(doc, meta, ld);
        bool readerable;
        try { readerable = ReaderableClassifier.Score(all) > ReaderableClassifier.Threshold; }
        catch (Exception ex) when (ex is not OperationCanceledException) { readerable = false; }
        return new PageMetadata(url, title, author, published, modified, lang, siteName, readerable);
    }

    private static string? CanonicalUrl(IElement[] all, MetaTags meta, string? pageUrl)
    {
        string? canonical = null;
        foreach (var link in all)
        {
            if (link.LocalName != "link" || !link.HasAttribute("rel") || !link.HasAttribute("href")) continue;
            if (link.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("canonical", StringComparison.OrdinalIgnoreCase)))
            {
                canonical = link.GetAttribute("href");
                break;
            }
        }
        return Absolute(pageUrl, canonical) ?? Absolute(pageUrl, meta.Get("og:url")) ?? pageUrl;
    }

    private static string? Absolute(string? baseUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        href = href.Trim();
        if (href.Contains("://", StringComparison.Ordinal))
            return Uri.TryCreate(href, UriKind.Absolute, out var abs) && (abs.Scheme == "http" || abs.Scheme == "https") ? abs.ToString() : null;
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && Uri.TryCreate(b, href, out var rel)) return rel.ToString();
        return null;
    }

    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (s.Contains('&')) s = System.Net.WebUtility.HtmlDecode(s);
        var t = TextUtil.NormalizeSpace(s);
        return t.Length == 0 ? null : t;
    }

    /// <summary>The JSON-LD publisher, Open Graph site name, or the application name; never a URL.</summary>
    private static string? SiteName(MetaTags meta, JsonLdArticle ld)
    {
        foreach (var candidate in new[] { ld.Publisher, meta.Get("og:site_name"), meta.Get("application-name") })
        {
            var s = Clean(candidate);
            if (s is null || s.Length > 100 || s.Contains("://") || s.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) continue;
            return s;
        }
        return null;
    }

    /// <summary>
    /// JSON-LD authors; Dublin Core creator; <c>author</c>, Parse.ly and article:author meta (not profile URLs);
    /// the visible byline. Each candidate goes through <see cref="BylineReader.CleanAuthor"/>.
    /// </summary>
    private static string? Author(IHtmlDocument doc, MetaTags meta, JsonLdArticle ld)
    {
        if (ld.Authors.Count > 0)
        {
            var names = ld.Authors.Select(BylineReader.CleanAuthor).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count > 0) return string.Join(", ", names);
        }
        foreach (var key in new[] { "dc:creator", "dcterm:creator", "author", "parsely-author", "article:author", "article:author_name", "author_name", "sailthru:author" })
        {
            // A key given several times names several authors ("Kooman, F." and "Jong, Michiel de").
            var names = meta.Values(key).Select(BylineReader.CleanAuthor).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count > 0) return string.Join(names.Any(n => n.Contains(',')) ? "; " : ", ", names);
        }
        return BylineReader.FromDocument(doc);
    }

    /// <summary>The author of a page, for callers outside this reader (plain-text headers).</summary>
    internal static string? CleanAuthor(string? raw) => BylineReader.CleanAuthor(raw);

    /// <summary>A date string as an instant (offset-less values are taken as UTC), or null when it is not a plausible date.</summary>
    internal static DateTimeOffset? ParseDate(string? s) => DateNormalizer.Parse(s);

    private static string? Language(IHtmlDocument doc, MetaTags meta, JsonLdArticle ld)
    {
        var root = doc.DocumentElement;
        return NormalizeLang(root?.GetAttribute("lang")) ?? NormalizeLang(root?.GetAttribute("xml:lang")) ??
               NormalizeLang(meta.Get("http-equiv:content-language")) ?? NormalizeLang(meta.Get("language", "dc:language", "dcterm:language")) ??
               NormalizeLang(ld.InLanguage) ?? NormalizeLang(meta.Get("og:locale"));
    }

    private static string? NormalizeLang(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var t = s.Trim().Split(',', ';')[0].Trim().Replace('_', '-');
        var primary = t.Split('-')[0].ToLowerInvariant();
        if (primary is "x" or "i" or "und" or "mul" or "zxx") return null;
        return primary.Length is 2 or 3 && primary.All(c => c is >= 'a' and <= 'z') ? primary : null;
    }
}
