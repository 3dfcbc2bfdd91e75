using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using CodeHollow.FeedReader;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Core.Feeds;

/// <summary>One entry of a feed: title, absolute link (or the raw link for a local feed), publication time in UTC.</summary>
public sealed record FeedEntry(string? Title, string? Link, DateTimeOffset? Published);

/// <summary>A parsed feed.</summary>
public sealed record ParsedFeed(string Source, string Format, string? Title, IReadOnlyList<FeedEntry> Items);

/// <summary>
/// Parses feed bytes (RSS 0.9x/1.0/2.0, Atom, JSON Feed). The text is decoded by NewsMiner from the bytes and the
/// HTTP charset; CodeHollow.FeedReader parses the XML; DTDs are refused before parsing (no external entities, no
/// entity expansion).
/// </summary>
public static partial class FeedParser
{
    [GeneratedRegex(@"^\s*<\?xml[^>]*encoding\s*=\s*[""']([A-Za-z0-9_.:\-]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlEncoding();

    [GeneratedRegex(@"<!DOCTYPE[^>]*\[|<!ENTITY", RegexOptions.IgnoreCase)]
    private static partial Regex InternalSubset();

    public static ParsedFeed Parse(string source, byte[] bytes, string? contentType = null, string? baseUrl = null)
    {
        if (bytes.Length == 0) throw new NewsMinerInputException(source, "the feed is empty (0 bytes)");
        var text = Decode(bytes, contentType).TrimStart('\uFEFF');
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{')) return ParseJsonFeed(source, trimmed, baseUrl);
        if (!trimmed.StartsWith('<')) throw new NewsMinerInputException(source, "not a feed: neither XML nor JSON");
        if (Regex.IsMatch(trimmed[..Math.Min(trimmed.Length, 2048)], @"<html[\s>]|<!doctype html", RegexOptions.IgnoreCase))
            throw new NewsMinerInputException(source, "not a feed: this is an HTML page");
        if (InternalSubset().IsMatch(trimmed))
            throw new NewsMinerInputException(source, "the feed declares entities in a DTD, refused (external entities and entity expansion are never resolved)");
        Feed feed;
        try { feed = FeedReader.ReadFromString(trimmed); }
        catch (Exception ex) when (ex is XmlException or FormatException or ArgumentException or NullReferenceException or InvalidOperationException
                                   || ex.GetType().Namespace?.StartsWith("CodeHollow", StringComparison.Ordinal) == true)
        {
            throw new NewsMinerInputException(source, $"the feed could not be parsed ({ex.Message})", ex);
        }
        var format = feed.Type switch
        {
            FeedType.Atom => "atom",
            FeedType.Rss_0_91 or FeedType.Rss_0_92 => "rss-0.9x",
            FeedType.Rss_1_0 => "rss-1.0",
            FeedType.Rss_2_0 or FeedType.MediaRss or FeedType.Rss => "rss-2.0",
            _ => "unknown",
        };
        if (format == "unknown") throw new NewsMinerInputException(source, "not a feed: the XML is neither RSS nor Atom");
        var feedBase = baseUrl ?? feed.Link;
        var items = feed.Items.Select(i => new FeedEntry(
            Clean(i.Title),
            Resolve(feedBase, i.Link),
            i.PublishingDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)).ToUniversalTime() : ParseDate(i.PublishingDateString))).ToList();
        return new ParsedFeed(source, format, Clean(feed.Title), items);
    }

    private static ParsedFeed ParseJsonFeed(string source, string json, string? baseUrl)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            var version = root.TryGetProperty("version", out var v) ? v.GetString() : null;
            if (version is null || !version.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase))
                throw new NewsMinerInputException(source, "not a feed: JSON without a JSON Feed version");
            var feedBase = baseUrl ?? (root.TryGetProperty("home_page_url", out var h) ? h.GetString() : null);
            var items = new List<FeedEntry>();
            if (root.TryGetProperty("items", out var arr) && arr.ValueKind == JsonValueKind.Array)
                foreach (var it in arr.EnumerateArray())
                {
                    var link = Str(it, "url") ?? Str(it, "external_url");
                    items.Add(new FeedEntry(Clean(Str(it, "title")), Resolve(feedBase, link), ParseDate(Str(it, "date_published") ?? Str(it, "date_modified"))));
                }
            return new ParsedFeed(source, version.Contains("1.1") ? "json-1.1" : "json-1.0", Clean(Str(root, "title")), items);
        }
        catch (JsonException ex) { throw new NewsMinerInputException(source, $"the JSON feed could not be parsed ({ex.Message})", ex); }
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Decode(byte[] bytes, string? contentType)
    {
        // BOM and HTTP charset first (CharsetDecoder), then the XML declaration, then UTF-8.
        var hasBom = bytes.Length >= 2 && (bytes[0] == 0xEF || bytes[0] == 0xFF || bytes[0] == 0xFE || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0));
        var headerCharset = contentType is not null && contentType.Contains("charset", StringComparison.OrdinalIgnoreCase);
        if (!hasBom && !headerCharset)
        {
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 256));
            var m = XmlEncoding().Match(head);
            if (m.Success)
            {
                try { return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes); }
                catch (ArgumentException) { }
            }
        }
        return CharsetDecoder.Decode(bytes, contentType, out _);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : Text.TextUtil.NormalizeSpace(System.Net.WebUtility.HtmlDecode(s));

    private static string? Resolve(string? baseUrl, string? link)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        link = link.Trim();
        if (link.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(link, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https" or "file") return abs.ToString();
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) && b.Scheme is "http" or "https" or "file" && Uri.TryCreate(b, link, out var rel))
            return rel.ToString();
        return link; // relative link of a local feed: resolved against the feed file by the pipeline
    }

    internal static DateTimeOffset? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var d)) return d.ToUniversalTime();
        return null;
    }
}
