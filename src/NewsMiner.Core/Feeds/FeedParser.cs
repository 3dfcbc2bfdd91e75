using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CodeHollow.FeedReader;

namespace NewsMiner.Core.Feeds;

/// <summary>One entry of a feed: title, absolute link (or the raw link for a local feed), publication time in UTC.</summary>
public sealed record FeedEntry(string? Title, string? Link, DateTimeOffset? Published)
{
    /// <summary>The entry's description, summary or content as the feed gives it (markup kept), or null.</summary>
    public string? Summary { get; init; }
}

/// <summary>A parsed feed.</summary>
/// <param name="Format">
/// <c>rss-0.90</c>, <c>rss-0.91</c>, <c>rss-0.92</c> (and other 0.9x), <c>rss-1.0</c>, <c>rss-2.0</c>, <c>atom-0.3</c>,
/// <c>atom-1.0</c>, <c>cdf</c>, <c>json-1.0</c> or <c>json-1.1</c>.
/// </param>
public sealed record ParsedFeed(string Source, string Format, string? Title, IReadOnlyList<FeedEntry> Items)
{
    /// <summary>The encoding the text was decoded with (canonical name).</summary>
    public string? Encoding { get; init; }

    /// <summary>The feed's own web page (channel link or Atom alternate link), absolute when it could be resolved.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// How often the feed asks to be read at most: RSS 2.0 <c>&lt;ttl&gt;</c> (minutes) or the syndication module's
    /// <c>sy:updatePeriod</c> / <c>sy:updateFrequency</c> (e.g. hourly, 2 → 30 minutes); null when it says nothing.
    /// </summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>What was repaired or worked around to read the feed; empty for a clean feed.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Parses feed bytes: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3 and 1.0, CDF, JSON Feed 1.0 and 1.1.
/// NewsMiner decodes the bytes (<see cref="FeedDecoder"/>: the bytes and the HTTP charset decide) and reads the XML
/// safely (<see cref="FeedXml"/>: repairs, no external entities, bounded expansion); CodeHollow.FeedReader then
/// parses the document, and where it cannot (no channel, prefixed root, unknown versions) NewsMiner reads the
/// elements itself. Each item's link is resolved against xml:base, then the feed's URL, then the feed's own link;
/// its date comes from pubDate, published, issued, dc:date, dcterms, then updated or modified.
/// Every failure is a <see cref="NewsMinerInputException"/> naming the source and the reason.
/// </summary>
public static partial class FeedParser
{
    private static readonly XNamespace Atom10 = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Rss09 = "http://my.netscape.com/rdf/simple/0.9/";
    private static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XName XmlBase = XNamespace.Xml + "base";

    [GeneratedRegex(@"<[A-Za-z/!][^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Parses one feed.</summary>
    /// <param name="source">The feed's name in messages (URL or path).</param>
    /// <param name="bytes">The body as received.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset decides the encoding; null for a file.</param>
    /// <param name="baseUrl">The URL relative links are resolved against (the final feed URL or Content-Location); null to use the feed's own link.</param>
    public static ParsedFeed Parse(string source, byte[] bytes, string? contentType = null, string? baseUrl = null)
    {
        if (bytes.Length == 0) throw new NewsMinerInputException(source, "the feed is empty (0 bytes)");
        var decoded = FeedDecoder.Decode(bytes, contentType);
        var warnings = new List<string>();
        if (decoded.Fallback is not null) warnings.Add($"encoding: {decoded.Fallback}");
        var text = decoded.Text;
        var first = text.AsSpan().TrimStart();
        if (first.IsEmpty) throw new NewsMinerInputException(source, "the feed is empty (only white space)");
        ParsedFeed feed;
        if (first[0] is '{' or '[') feed = ParseJsonFeed(source, text, baseUrl, warnings);
        else if (first[0] == '<') feed = ParseXmlFeed(source, text, baseUrl, warnings);
        else throw new NewsMinerInputException(source, $"not a feed: neither XML nor JSON (it starts with '{Preview(first)}')");
        return feed with { Encoding = decoded.Encoding, Warnings = warnings };
    }

    private static ParsedFeed ParseXmlFeed(string source, string text, string? baseUrl, List<string> warnings)
    {
        var root = FeedXml.Load(source, text, warnings);
        var feedRoot = FindFeedRoot(root);
        if (feedRoot is null)
        {
            var reason = root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase)
                ? "not a feed: this is an HTML page"
                : $"not a feed: the root element is <{root.Name.LocalName}>, not rss, rdf:RDF, feed or channel";
            throw new NewsMinerInputException(source, reason);
        }
        if (feedRoot != root) warnings.Add($"the feed is wrapped in <{root.Name.LocalName}>");
        var format = FormatOf(feedRoot);

        // CodeHollow.FeedReader reads the repaired document (no DOCTYPE is left, so it expands nothing).
        List<(XElement Element, FeedItem? Item)> entries;
        string? chTitle = null;
        try
        {
            var feed = FeedReader.ReadFromString(new XDocument(new XElement(feedRoot)).ToString(SaveOptions.DisableFormatting));
            chTitle = feed.Title;
            entries = feed.Items.Select(i => (i.SpecificItem?.Element ?? throw new InvalidOperationException("an item without its element"), (FeedItem?)i)).ToList();
            if (entries.Count != ItemElements(feedRoot).Count()) throw new InvalidOperationException("it did not find every item");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Library failures are expected here (no channel, a prefixed root, an unknown version): read the elements ourselves.
            warnings.Add($"CodeHollow.FeedReader could not read it ({ex.GetType().Name}: {ex.Message}); read by NewsMiner's reader");
            entries = ItemElements(feedRoot).Select(e => (e, (FeedItem?)null)).ToList();
            chTitle = null;
        }

        var channel = ChannelOf(feedRoot);
        // A local copy of a feed has no URL of its own: the feed's self link, when it gives one, says where it lives.
        if (baseUrl is null || !IsHttpUrl(baseUrl)) baseUrl = SelfLink(channel) ?? baseUrl;
        var feedLink = ResolveAgainst(ElementLink(channel), BaseOf(channel, baseUrl));
        var items = new List<FeedEntry>(entries.Count);
        var unreadDates = 0;
        foreach (var (element, item) in entries)
        {
            var itemBase = BaseOf(element, baseUrl ?? AbsoluteOrNull(feedLink));
            var link = ElementLink(element) ?? NullIfBlank(item?.Link);
            var (published, hadDate) = ElementDate(element, item?.PublishingDateString);
            if (published is null && hadDate) unreadDates++;
            items.Add(new FeedEntry(
                CleanText((HasEncodedTitle(element) ? null : NullIfBlank(item?.Title)) ?? TitleOf(element)),
                ResolveAgainst(link, itemBase),
                published)
            {
                Summary = SummaryOf(element),
            });
        }
        if (unreadDates > 0) warnings.Add($"{unreadDates} item date(s) could not be read");
        return new ParsedFeed(source, format, CleanText((HasEncodedTitle(channel) ? null : NullIfBlank(chTitle)) ?? TitleOf(channel)), items)
        {
            Link = feedLink,
            Ttl = TtlOf(channel, warnings),
        };
    }

    private static readonly XNamespace Sy = "http://purl.org/rss/1.0/modules/syndication/";

    /// <summary>
    /// The refresh interval the feed asks for: <c>&lt;ttl&gt;</c> minutes, else <c>sy:updatePeriod</c> divided by
    /// <c>sy:updateFrequency</c> (default 1). A value that is not a positive number or a known period is ignored, with a
    /// warning.
    /// </summary>
    private static TimeSpan? TtlOf(XElement channel, List<string> warnings)
    {
        if (channel.Elements().FirstOrDefault(e => e.Name.LocalName == "ttl" && e.Name.Namespace == XNamespace.None) is { } ttl)
        {
            if (PositiveInt(ttl.Value) is { } minutes) return TimeSpan.FromMinutes(minutes);
            warnings.Add($"ttl '{Preview(ttl.Value.AsSpan().Trim())}' is not a positive number of minutes; ignored");
        }
        if (channel.Element(Sy + "updatePeriod") is not { } period) return null;
        TimeSpan? length = period.Value.Trim().ToLowerInvariant() switch
        {
            "hourly" => TimeSpan.FromHours(1),
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => null,
        };
        if (length is null)
        {
            warnings.Add($"sy:updatePeriod '{Preview(period.Value.AsSpan().Trim())}' is not hourly, daily, weekly, monthly or yearly; ignored");
            return null;
        }
        var frequency = 1;
        if (channel.Element(Sy + "updateFrequency") is { } f)
        {
            if (PositiveInt(f.Value) is { } n) frequency = n;
            else warnings.Add($"sy:updateFrequency '{Preview(f.Value.AsSpan().Trim())}' is not a positive number; 1 assumed");
        }
        return length.Value / frequency;
    }

    private static int? PositiveInt(string s) =>
        int.TryParse(s.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>The element that is the feed: the root, or a feed element wrapped in another document.</summary>
    private static XElement? FindFeedRoot(XElement root)
    {
        if (IsFeedElement(root)) return root;
        return root.Descendants().Take(10_000).FirstOrDefault(e => IsFeedElement(e) && e.Name.LocalName != "channel");
    }

    private static bool IsFeedElement(XElement e) => e.Name.LocalName.ToLowerInvariant() switch
    {
        "rss" or "rdf" or "channel" => true,
        "feed" => true, // Atom 1.0, 0.3, and its pre-release namespaces
        _ => false,
    };

    private static string FormatOf(XElement root)
    {
        var name = root.Name.LocalName.ToLowerInvariant();
        if (name == "feed") return root.Name.Namespace == Atom03 || (string?)root.Attribute("version") == "0.3" ? "atom-0.3" : "atom-1.0";
        if (name == "rdf") return root.Elements().Any(e => e.Name.Namespace == Rss09) ? "rss-0.90" : "rss-1.0";
        if (name == "channel") return "cdf";
        var version = ((string?)root.Attribute("version"))?.Trim();
        return version switch
        {
            null or "" => "rss-2.0",
            _ when version.StartsWith("0.9", StringComparison.Ordinal) && version.Length <= 4 => "rss-" + version,
            _ when version.StartsWith('2') => "rss-2.0",
            _ => "rss-" + version,
        };
    }

    private static XElement ChannelOf(XElement root) =>
        root.Name.LocalName.Equals("feed", StringComparison.OrdinalIgnoreCase) || root.Name.LocalName.Equals("channel", StringComparison.OrdinalIgnoreCase)
            ? root
            : root.Elements().FirstOrDefault(e => e.Name.LocalName.Equals("channel", StringComparison.OrdinalIgnoreCase)) ?? root;

    /// <summary>Items of any format: RSS items (in the channel, or beside it as RDF and channel-less RSS have them), Atom entries, CDF items.</summary>
    private static IEnumerable<XElement> ItemElements(XElement root)
    {
        if (root.Name.LocalName.Equals("feed", StringComparison.OrdinalIgnoreCase))
            return root.Elements().Where(e => e.Name.LocalName == "entry");
        var channel = ChannelOf(root);
        var inChannel = channel.Elements().Where(e => e.Name.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase));
        var beside = channel == root ? [] : root.Elements().Where(e => e.Name.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase));
        return inChannel.Concat(beside);
    }

    /// <summary>Children with this local name in the feed's own vocabulary: no namespace, the parent's, RSS or Atom (and optionally Dublin Core).</summary>
    private static IEnumerable<XElement> Children(XElement e, string localName, bool dcToo = false) =>
        e.Elements().Where(c => c.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase)
                                && (c.Name.Namespace == e.Name.Namespace || IsCoreNamespace(c.Name.Namespace) || (dcToo && (c.Name.Namespace == Dc || c.Name.Namespace == DcTerms))));

    private static bool IsCoreNamespace(XNamespace ns) =>
        ns == XNamespace.None || ns == Atom10 || ns == Atom03 || ns == Rss10 || ns == Rss09 || ns.NamespaceName.StartsWith("http://backend.userland.com/rss", StringComparison.Ordinal);

    private static string? TitleOf(XElement e) =>
        Children(e, "title").Select(TextOf).FirstOrDefault(v => v is not null)
        ?? e.Elements(Dc + "title").Select(TextOf).FirstOrDefault(v => v is not null)
        ?? e.Elements(Media + "title").Concat(e.Elements(Media + "content").Elements(Media + "title")).Concat(e.Elements(Media + "group").Elements(Media + "title"))
            .Select(TextOf).FirstOrDefault(v => v is not null);

    /// <summary>An element's text, decoded when Atom 0.3 says it is base64.</summary>
    private static string? TextOf(XElement e)
    {
        var text = NullIfBlank(e.Value);
        if (text is null || !IsBase64(e)) return text;
        try { return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim())); }
        catch (FormatException) { return text; }
    }

    /// <summary>
    /// Atom text in base64: Atom 0.3's <c>mode="base64"</c>, or an Atom 1.0 type that is a media type neither
    /// textual nor XML (RFC 4287 section 4.1.3.3).
    /// </summary>
    private static bool IsBase64(XElement e)
    {
        if (string.Equals((string?)e.Attribute("mode"), "base64", StringComparison.OrdinalIgnoreCase)) return true;
        var type = ((string?)e.Attribute("type"))?.Trim().ToLowerInvariant();
        return type is not null && type.Contains('/') && !type.StartsWith("text/", StringComparison.Ordinal) && !type.EndsWith("xml", StringComparison.Ordinal);
    }

    /// <summary>Whether the title needs NewsMiner's reading rather than the library's (base64 content).</summary>
    private static bool HasEncodedTitle(XElement e) => Children(e, "title").Any(IsBase64);

    private static string? SummaryOf(XElement e) =>
        new[] { "description", "summary", "content", "abstract" }.SelectMany(n => Children(e, n)).Concat(e.Elements(Content + "encoded"))
            .Select(c => NullIfBlank(c.Value)).FirstOrDefault(v => v is not null);

    /// <summary>The link of an item or channel, relative as written: Atom's alternate link, RSS's link, a permalink guid, rdf:about.</summary>
    private static string? ElementLink(XElement e)
    {
        var atomLinks = e.Elements().Where(c => c.Name.LocalName == "link" && c.Attribute("href") is not null).ToList();
        var alternate = atomLinks.Where(l => (string?)l.Attribute("rel") is null or "alternate").ToList();
        var best = alternate.FirstOrDefault(l => ((string?)l.Attribute("type"))?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
                   ?? alternate.FirstOrDefault();
        // Repeated RSS links: the last one wins, as in feedparser and gofeed.
        var text = Children(e, "link").Select(l => NullIfBlank(l.Attribute("href") is { } h ? WithBase(l, h.Value) : l.Value)).LastOrDefault(v => v is not null);
        var isAtom = e.Name.Namespace == Atom10 || e.Name.Namespace == Atom03 || e.Name.LocalName == "entry" || e.Name.LocalName == "feed";
        if (isAtom && best is not null) return WithBase(best, best.Attribute("href")!.Value);
        if (text is not null) return text;
        if (best is not null) return WithBase(best, best.Attribute("href")!.Value);
        var guid = Children(e, "guid").FirstOrDefault();
        if (guid is not null && !string.Equals((string?)guid.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase) && IsHttpUrl(guid.Value.Trim()))
            return guid.Value.Trim();
        var about = (string?)e.Attribute(Rdf + "about");
        if (about is not null && IsHttpUrl(about.Trim())) return about.Trim();
        var href = (string?)e.Attribute("href") ?? (string?)e.Attribute("HREF");
        return NullIfBlank(href);
    }

    /// <summary>The feed's absolute http(s) <c>rel="self"</c> link (Atom, or atom:link in RSS), or null.</summary>
    private static string? SelfLink(XElement channel) =>
        channel.Elements().Where(c => c.Name.LocalName == "link" && (string?)c.Attribute("rel") == "self")
            .Select(c => ((string?)c.Attribute("href"))?.Trim()).FirstOrDefault(h => h is not null && IsHttpUrl(h));

    /// <summary>A link element's own xml:base applies to its href.</summary>
    private static string WithBase(XElement link, string href)
    {
        var own = (string?)link.Attribute(XmlBase);
        if (own is null) return href.Trim();
        return Uri.TryCreate(own.Trim(), UriKind.Absolute, out var b) && Uri.TryCreate(b, href.Trim(), out var r) ? r.AbsoluteUri
            : own.Trim().TrimEnd('/') + "/" + href.Trim().TrimStart('/');
    }

    /// <summary>The publication date: the first that parses of pubDate, published, issued, dc:date, dcterms:issued/created, CodeHollow's date, updated, modified.</summary>
    private static (DateTimeOffset? Date, bool HadDate) ElementDate(XElement e, string? libraryDate)
    {
        var candidates = new List<string?>();
        // A repeated date element: the last value wins, as in feedparser.
        void Add(IEnumerable<XElement> els) => candidates.AddRange(els.Reverse().Select(x => NullIfBlank(x.Value)));
        Add(Children(e, "pubDate"));
        Add(Children(e, "published"));
        Add(Children(e, "issued", dcToo: true));
        Add(e.Elements(Dc + "date"));
        Add(e.Elements(DcTerms + "created"));
        Add(e.Elements(DcTerms + "date"));
        Add(Children(e, "updated"));
        Add(Children(e, "modified", dcToo: true));
        Add(Children(e, "created"));
        candidates.Add(NullIfBlank(libraryDate));
        candidates.Add(NullIfBlank((string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals("lastmod", StringComparison.OrdinalIgnoreCase))));
        var present = candidates.Where(c => c is not null).ToList();
        foreach (var c in present)
            if (FeedDates.Parse(c) is { } d) return (d, true);
        return (null, present.Count > 0);
    }

    /// <summary>The base URL in force at an element: the document's base, refined by every xml:base from the root down.</summary>
    private static string? BaseOf(XElement e, string? documentBase)
    {
        var current = documentBase;
        foreach (var a in e.AncestorsAndSelf().Reverse())
        {
            var b = (string?)a.Attribute(XmlBase);
            if (b is null) continue;
            current = ResolveAgainst(b.Trim(), current) ?? b.Trim();
        }
        return current;
    }

    private static string? ResolveAgainst(string? link, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        link = link.Trim();
        // On Unix "/a/b" parses as an absolute file URI: a link starting with '/' is always relative here.
        if (!link.StartsWith('/') && Uri.TryCreate(link, UriKind.Absolute, out var abs) && abs.Scheme.Length > 1) return link;
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && Uri.TryCreate(b, link, out var rel)) return rel.AbsoluteUri;
        return link; // stays relative: a local feed's links are resolved against the feed file by the pipeline
    }

    private static string? AbsoluteOrNull(string? url) => url is not null && IsHttpUrl(url) ? url : null;

    private static bool IsHttpUrl(string s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    private static ParsedFeed ParseJsonFeed(string source, string json, string? baseUrl, List<string> warnings)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NewsMinerInputException(source, "not a feed: JSON that is not an object");
            var version = Str(root, "version");
            string format;
            if (version is not null && version.Contains("jsonfeed.org/version/1.1", StringComparison.OrdinalIgnoreCase)) format = "json-1.1";
            else if (version is not null && version.Contains("jsonfeed.org/version/1", StringComparison.OrdinalIgnoreCase)) format = "json-1.0";
            else if (version is "1" or "1.0" or "1.1" && root.TryGetProperty("items", out _))
            {
                format = version == "1.1" ? "json-1.1" : "json-1.0";
                warnings.Add($"the JSON Feed version is '{version}', not a https://jsonfeed.org/version/ URL");
            }
            else throw new NewsMinerInputException(source, "not a feed: JSON without a JSON Feed version (https://jsonfeed.org/version/1.1)");
            var feedLink = Str(root, "home_page_url");
            var feedBase = baseUrl ?? AbsoluteOrNull(Str(root, "feed_url")) ?? AbsoluteOrNull(feedLink);
            var items = new List<FeedEntry>();
            if (root.TryGetProperty("items", out var arr) && arr.ValueKind == JsonValueKind.Array)
                foreach (var it in arr.EnumerateArray())
                {
                    if (it.ValueKind != JsonValueKind.Object) continue;
                    var id = Str(it, "id");
                    var link = Str(it, "url") ?? Str(it, "external_url") ?? (id is not null && IsHttpUrl(id) ? id : null);
                    var date = Str(it, "date_published") ?? Str(it, "date_modified");
                    items.Add(new FeedEntry(CleanText(Str(it, "title")), ResolveAgainst(link, feedBase), FeedDates.Parse(date))
                    {
                        Summary = Str(it, "content_html") ?? Str(it, "content_text") ?? Str(it, "summary"),
                    });
                }
            return new ParsedFeed(source, format, CleanText(Str(root, "title")), items) { Link = ResolveAgainst(feedLink, baseUrl) };
        }
        catch (JsonException ex) { throw new NewsMinerInputException(source, $"not a feed: invalid JSON ({ex.Message})", ex); }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? NullIfBlank(v.GetString()) : null;

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>Plain text of a title: entities decoded, tags dropped, white space collapsed.</summary>
    internal static string? CleanText(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var text = System.Net.WebUtility.HtmlDecode(s);
        if (text.Contains('<')) text = System.Net.WebUtility.HtmlDecode(Tag().Replace(text, " ")); // markup is dropped, its text kept
        text = Spaces().Replace(text, " ").Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Preview(ReadOnlySpan<char> s)
    {
        var p = s[..Math.Min(s.Length, 20)].ToString();
        return Spaces().Replace(p, " ");
    }

    /// <summary>Kept for callers that parse one date string.</summary>
    internal static DateTimeOffset? ParseDate(string? s) => FeedDates.Parse(s);
}
