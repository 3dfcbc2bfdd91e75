using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

internal sealed record PageMetadata(
    string? Url, string? Title, string? Author, DateTimeOffset? Published, DateTimeOffset? Modified,
    string? Language, string? SiteName);

/// <summary>
/// Reads title, author, dates, language, site name and canonical URL from the sources publishers use, most
/// trustworthy first: JSON-LD, Open Graph / article meta, other meta, then visible markup and the URL.
/// Prefers no value to a wrong one.
/// </summary>
internal static partial class MetadataReader
{
    public static PageMetadata Read(IHtmlDocument doc, string? pageUrl)
    {
        var ld = JsonLd.Read(doc);
        var url = Absolute(pageUrl, Attr(doc, "link[rel=canonical]", "href")) ?? Absolute(pageUrl, Meta(doc, "og:url")) ?? pageUrl;
        var siteName = Meta(doc, "og:site_name") ?? ld.Publisher ?? Meta(doc, "application-name");
        var title = Clean(Meta(doc, "og:title")) ?? Clean(ld.Headline) ?? Clean(doc.QuerySelector("h1")?.TextContent) ??
                    StripSiteSuffix(Clean(doc.Title), siteName);
        var author = CleanAuthor(ld.Author) ?? CleanAuthor(Meta(doc, "author")) ?? CleanAuthor(NonUrl(Meta(doc, "article:author"))) ??
                     CleanAuthor(Meta(doc, "parsely-author")) ?? CleanAuthor(Meta(doc, "dc.creator")) ??
                     CleanAuthor(doc.QuerySelector("[rel=author], [itemprop=author] [itemprop=name], .byline .author, .author-name")?.TextContent);
        var published = ParseDate(ld.DatePublished) ?? ParseDate(Meta(doc, "article:published_time")) ??
                        ParseDate(Meta(doc, "datePublished")) ?? ParseDate(Meta(doc, "pubdate")) ?? ParseDate(Meta(doc, "publishdate")) ??
                        ParseDate(Meta(doc, "date")) ?? ParseDate(Meta(doc, "dc.date.issued")) ?? ParseDate(Meta(doc, "dc.date")) ??
                        ParseDate(Meta(doc, "sailthru.date")) ?? ParseDate(doc.QuerySelector("article time[datetime], time[pubdate], time[itemprop=datePublished]")?.GetAttribute("datetime")) ??
                        UrlDate(url);
        var modified = ParseDate(ld.DateModified) ?? ParseDate(Meta(doc, "article:modified_time")) ?? ParseDate(Meta(doc, "og:updated_time"));
        var lang = NormalizeLang(doc.DocumentElement?.GetAttribute("lang")) ?? NormalizeLang(doc.DocumentElement?.GetAttribute("xml:lang")) ??
                   NormalizeLang(Attr(doc, "meta[http-equiv='content-language' i]", "content")) ?? NormalizeLang(ld.InLanguage) ??
                   NormalizeLang(Meta(doc, "og:locale"));
        return new PageMetadata(url, title, author, published, modified, lang, Clean(siteName));
    }

    private static string? Meta(IHtmlDocument doc, string name)
    {
        foreach (var m in doc.QuerySelectorAll("meta"))
        {
            var key = m.GetAttribute("property") ?? m.GetAttribute("name") ?? m.GetAttribute("itemprop");
            if (key is not null && key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                var content = m.GetAttribute("content");
                if (!string.IsNullOrWhiteSpace(content)) return content.Trim();
            }
        }
        return null;
    }

    private static string? Attr(IHtmlDocument doc, string selector, string attr)
    {
        try { return doc.QuerySelector(selector)?.GetAttribute(attr)?.Trim(); }
        catch (Exception ex) when (ex is not OperationCanceledException) { return null; }
    }

    private static string? Absolute(string? baseUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        if (href.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(href, UriKind.Absolute, out var abs) && (abs.Scheme == "http" || abs.Scheme == "https")) return abs.ToString();
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && Uri.TryCreate(b, href, out var rel)) return rel.ToString();
        return null;
    }

    private static string? NonUrl(string? s) => s is not null && (s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.Contains('/')) ? null : s;

    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var t = TextUtil.NormalizeSpace(s);
        return t.Length == 0 ? null : t;
    }

    [GeneratedRegex(@"\s+[|\-–—·:»]\s+")]
    private static partial Regex TitleSeparator();

    private static string? StripSiteSuffix(string? title, string? siteName)
    {
        if (title is null) return null;
        var parts = TitleSeparator().Split(title);
        if (parts.Length < 2) return title;
        if (siteName is not null)
        {
            var kept = parts.Where(p => !p.Equals(siteName, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (kept.Length > 0 && kept.Length < parts.Length) return string.Join(" - ", kept);
        }
        // Otherwise keep the longest part: site names are short.
        return parts.OrderByDescending(p => p.Length).First();
    }

    [GeneratedRegex(@"^(by|von|par|por|di|door)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ByPrefix();

    [GeneratedRegex(@"@|\d{4}|\d{1,2}[:/.]\d{1,2}|email|e-mail|follow|twitter|staff|contact|http", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    internal static string? CleanAuthor(string? raw)
    {
        var s = Clean(raw);
        if (s is null) return null;
        s = ByPrefix().Replace(s, "").Trim(' ', ',', '|', '-', '·');
        if (s.Length is < 3 or > 80 || NotAName().IsMatch(s)) return null;
        if (!s.Any(char.IsLetter)) return null;
        return s;
    }

    internal static DateTimeOffset? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        s = s.Trim();
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var d)
            && d.Year is > 1990 and < 2100)
            return d;
        return null;
    }

    [GeneratedRegex(@"/(20\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(/|$|-)")]
    private static partial Regex UrlDatePattern();

    private static DateTimeOffset? UrlDate(string? url)
    {
        if (url is null) return null;
        var m = UrlDatePattern().Match(url);
        if (!m.Success) return null;
        return new DateTimeOffset(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), 0, 0, 0, TimeSpan.Zero);
    }

    private static string? NormalizeLang(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var t = s.Trim().Replace('_', '-');
        var primary = t.Split('-')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 && primary.All(char.IsLetter) ? primary : null;
    }

    /// <summary>The NewsArticle-like object of a page's JSON-LD, if any.</summary>
    private sealed record JsonLd(string? Headline, string? Author, string? DatePublished, string? DateModified, string? Publisher, string? InLanguage)
    {
        private static readonly JsonLd Empty = new(null, null, null, null, null, null);

        public static JsonLd Read(IHtmlDocument doc)
        {
            foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
            {
                try
                {
                    using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                    if (FindArticle(json.RootElement) is { } a) return From(a);
                }
                catch (JsonException) { }
            }
            return Empty;
        }

        private static JsonElement? FindArticle(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) if (FindArticle(x) is { } f) return f;
                return null;
            }
            if (e.ValueKind != JsonValueKind.Object) return null;
            if (e.TryGetProperty("@graph", out var graph)) return FindArticle(graph);
            if (e.TryGetProperty("@type", out var type))
            {
                var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.ToString()) : [type.ToString()];
                if (types.Any(t => t.EndsWith("Article", StringComparison.OrdinalIgnoreCase) || t is "BlogPosting" or "Report" or "WebPage" && e.TryGetProperty("headline", out _)))
                    return e;
            }
            return null;
        }

        private static JsonLd From(JsonElement a) => new(
            Str(a, "headline") ?? Str(a, "name"),
            Name(a, "author") ?? Name(a, "creator"),
            Str(a, "datePublished") ?? Str(a, "dateCreated"),
            Str(a, "dateModified"),
            Name(a, "publisher"),
            Str(a, "inLanguage"));

        private static string? Str(JsonElement e, string prop) =>
            e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string? Name(JsonElement e, string prop)
        {
            if (!e.TryGetProperty(prop, out var v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Object => Str(v, "name"),
                JsonValueKind.Array => string.Join(", ", v.EnumerateArray()
                    .Select(x => x.ValueKind == JsonValueKind.Object ? Str(x, "name") : x.ValueKind == JsonValueKind.String ? x.GetString() : null)
                    .Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } joined ? joined : null,
                _ => null,
            };
        }
    }
}
