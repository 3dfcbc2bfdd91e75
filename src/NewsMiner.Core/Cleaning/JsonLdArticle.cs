using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// The article object of a page's schema.org JSON-LD: the first object, in any script block, at the top level, in an
/// array, in <c>@graph</c> or nested (e.g. a WebPage's <c>mainEntity</c>), whose <c>@type</c> is an Article or a
/// posting subtype. Authors and publishers given as <c>{"@id": ...}</c> references are resolved within the page's graph.
/// CDATA wrappers and raw line breaks inside strings, both common, are tolerated.
/// </summary>
internal sealed partial record JsonLdArticle(
    string? Name, string? Headline, IReadOnlyList<string> Authors, string? Publisher, string? DatePublished,
    string? DateCreated, string? DateModified, string? InLanguage)
{
    public static readonly JsonLdArticle Empty = new(null, null, [], null, null, null, null, null);

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>From the page's elements in document order (the &lt;script&gt; ones are read).</summary>
    public static JsonLdArticle Read(IReadOnlyList<IElement> all)
    {
        var roots = new List<JsonDocument>();
        try
        {
            foreach (var script in all)
            {
                if (script.LocalName != "script") continue;
                var type = script.GetAttribute("type");
                if (type is null || !type.Trim().Equals("application/ld+json", StringComparison.OrdinalIgnoreCase)) continue;
                if (Parse(script.TextContent) is { } json) roots.Add(json);
            }
            var objects = new List<JsonElement>();
            foreach (var r in roots) Collect(r.RootElement, objects, 0);
            var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var o in objects)
                if (Str(o, "@id") is { } id) byId.TryAdd(id, o);
            foreach (var o in objects)
                if (IsArticle(o)) return From(o, byId);
            return Empty;
        }
        finally
        {
            foreach (var r in roots) r.Dispose();
        }
    }

    [GeneratedRegex(@"^\s*(?:<!--)?\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*(?:-->)?\s*$")]
    private static partial Regex CdataMarkers();

    private static JsonDocument? Parse(string text)
    {
        var content = CdataMarkers().Replace(text, "");
        // Raw line breaks and tabs are invalid inside JSON strings but common in hand-written blocks; as white space
        // outside strings they mean nothing, so blanking them everywhere is safe.
        content = content.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ').Trim();
        if (content.Length == 0) return null;
        try { return JsonDocument.Parse(content, Options); }
        catch (JsonException) { return null; }
    }

    private static void Collect(JsonElement e, List<JsonElement> into, int depth)
    {
        if (depth > 8) return;
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Collect(x, into, depth + 1);
                break;
            case JsonValueKind.Object:
                if (e.TryGetProperty("@type", out _)) into.Add(e);
                foreach (var p in e.EnumerateObject())
                    if (p.Name is "@graph" or "mainEntity")
                        Collect(p.Value, into, depth + 1);
                break;
        }
    }

    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
        "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle",
        "SocialMediaPosting", "BlogPosting", "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
        "AdvertiserContentArticle",
    };

    private static bool IsArticle(JsonElement o)
    {
        if (!o.TryGetProperty("@type", out var type)) return false;
        IEnumerable<string?> types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null) :
            type.ValueKind == JsonValueKind.String ? [type.GetString()] : [];
        return types.Any(t => t is not null && ArticleTypes.Contains(LocalName(t)));
    }

    /// <summary>"http://schema.org/NewsArticle" and "schema:NewsArticle" are "NewsArticle".</summary>
    private static string LocalName(string type)
    {
        var cut = type.LastIndexOfAny(['/', ':', '#']);
        return cut >= 0 ? type[(cut + 1)..] : type;
    }

    private static JsonLdArticle From(JsonElement a, Dictionary<string, JsonElement> byId)
    {
        var authors = Names(a, "author", byId);
        if (authors.Count == 0) authors = Names(a, "creator", byId);
        var publisher = Names(a, "publisher", byId);
        return new JsonLdArticle(Str(a, "name"), Str(a, "headline"), authors, publisher.Count > 0 ? publisher[0] : null,
            Str(a, "datePublished"), Str(a, "dateCreated"), Str(a, "dateModified"), Language(a));
    }

    private static string? Language(JsonElement a)
    {
        if (!a.TryGetProperty("inLanguage", out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => Str(v, "alternateName") ?? Str(v, "name"),
            _ => null,
        };
    }

    private static string? Str(JsonElement e, string prop)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(prop, out var v)) return null;
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).FirstOrDefault(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    private static List<string> Names(JsonElement e, string prop, Dictionary<string, JsonElement> byId)
    {
        var names = new List<string>();
        if (!e.TryGetProperty(prop, out var v)) return names;
        foreach (var x in v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : Enumerable.Repeat(v, 1))
        {
            var name = x.ValueKind switch
            {
                JsonValueKind.String => x.GetString(),
                JsonValueKind.Object => Str(x, "name") ?? (Str(x, "@id") is { } id && byId.TryGetValue(id, out var target) ? Str(target, "name") : null),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(name) && !names.Contains(name.Trim())) names.Add(name.Trim());
        }
        return names;
    }
}
