using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Feeds.Conformance;

/// <summary>A count of agreements out of the cases that had an expectation.</summary>
public sealed record Score(int Right, int Total)
{
    public double Share => Total == 0 ? 1.0 : (double)Right / Total;

    public override string ToString() => $"{Right}/{Total} ({Share:P1})";
}

/// <summary>The figures of one run over the feed conformance suite (<c>shared/benchmarks/feeds</c>).</summary>
public sealed record ConformanceReport
{
    /// <summary>Feed files read (inputs only: expected-output files and licences are not counted).</summary>
    public int Files { get; init; }
    public int Parsed { get; init; }
    /// <summary>Files refused with a <see cref="NewsMinerInputException"/> and its reason.</summary>
    public int Rejected { get; init; }
    /// <summary>Files that threw anything else: must be zero.</summary>
    public int Crashed { get; init; }
    /// <summary>Files expected to parse (everything but the suite's ill-formed folder and the files its README names as not feeds).</summary>
    public Score WellFormedParsed { get; init; } = new(0, 0);
    /// <summary>Files the README names as not feeds, refused with a reason.</summary>
    public Score NotFeedsRejected { get; init; } = new(0, 0);
    /// <summary>feedparser's ill-formed files that were still read (the rest are refused with a reason).</summary>
    public Score IllFormedRead { get; init; } = new(0, 0);
    /// <summary>feedparser's encoding expectations (<c>encoding == ...</c>, decoded titles and descriptions).</summary>
    public Score Encoding { get; init; } = new(0, 0);
    /// <summary>feedparser's <c>dates/date-cases.json</c>.</summary>
    public Score Dates { get; init; } = new(0, 0);
    /// <summary>gofeed's expected items on which title, link and published date all agree.</summary>
    public Score GofeedItems { get; init; } = new(0, 0);
    public Score GofeedTitles { get; init; } = new(0, 0);
    public Score GofeedLinks { get; init; } = new(0, 0);
    public Score GofeedDates { get; init; } = new(0, 0);
    /// <summary>feedparser's inline expectations on feed and entry title, link and dates (xml:base, entities, fallbacks).</summary>
    public Score FeedparserFields { get; init; } = new(0, 0);
    /// <summary>Well-formed files CodeHollow.FeedReader parses on its own from the raw bytes (for comparison; JSON Feeds excluded, it reads none).</summary>
    public Score LibraryAlone { get; init; } = new(0, 0);
    /// <summary>Parsed feeds that CodeHollow.FeedReader could not read, read by NewsMiner's own reader instead.</summary>
    public int LibraryFallbacks { get; init; }
    /// <summary>Parsed feeds read with a repair or workaround (any warning).</summary>
    public int WithWarnings { get; init; }
    public IReadOnlyDictionary<string, int> Formats { get; init; } = new Dictionary<string, int>();
    /// <summary>Rejection reasons, with how many files had each (first words of the reason).</summary>
    public IReadOnlyDictionary<string, int> RejectionReasons { get; init; } = new Dictionary<string, int>();
    /// <summary>Every disagreement and failure, one line each, for <c>--misses</c>.</summary>
    public IReadOnlyList<string> Misses { get; init; } = [];
}

/// <summary>
/// Runs the feed parser over the conformance suite and scores it against the expectations the suite carries:
/// feedparser's <c>Header:</c>/<c>Expect:</c> comments, <c>dates/date-cases.json</c>, and gofeed's expected JSON.
/// The suite's files are read in place; nothing in the parser knows about any of them.
/// </summary>
public static partial class FeedConformance
{
    /// <summary>Inputs the suite's README lists as not feeds (expected to be refused).</summary>
    private static readonly string[] NotFeeds =
    [
        "gofeed/parser/universal/empty_feed.xml", "gofeed/parser/universal/unknown_feed.xml", "gofeed/parser/universal/invalid.json",
        "gofeed/parser/json/invalid/invalid.json", "rss-parser/unrecognized.rss", "feedparser/illformed/rss_empty_document.xml",
    ];

    [GeneratedRegex(@"<!--(?<body>.*?)-->", RegexOptions.Singleline)]
    private static partial Regex LeadingComment();

    [GeneratedRegex(@"^\s*Header:\s*(?<name>[A-Za-z\-]+)\s*:\s*(?<value>.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\s*Expect:\s*(?<e>.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"\bencoding\s*==\s*(?<v>'[^']*'|""[^""]*"")")]
    private static partial Regex EncodingExpectation();

    [GeneratedRegex(@"(?<ord>ord\()?(?<scope>feed|entries\[0\])(?:\[['""](?<field>\w+)['""]\]|\.(?<field>\w+))\)?\s*==\s*(?<v>""""""(?:.|\n)*?""""""|'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""|\([0-9,\s\-]+\)|\d+)")]
    private static partial Regex FieldExpectation();

    public static bool IsSuiteFolder(string dir) => File.Exists(Path.Combine(dir, "feedparser", "dates", "date-cases.json")) || Directory.Exists(Path.Combine(dir, "gofeed"));

    public static ConformanceReport Run(string dir, CancellationToken ct = default)
    {
        if (!Directory.Exists(dir)) throw new NewsMinerInputException(dir, "no such folder");
        var misses = new List<string>();
        var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int files = 0, parsed = 0, rejected = 0, crashed = 0, fallbacks = 0, warned = 0, aloneTotal = 0, aloneRight = 0;
        int wfTotal = 0, wfRight = 0, nfTotal = 0, nfRight = 0, ilTotal = 0, ilRight = 0, encTotal = 0, encRight = 0, fpTotal = 0, fpRight = 0;
        var results = new Dictionary<string, ParsedFeed>(StringComparer.Ordinal);

        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var rel = Path.GetRelativePath(dir, path).Replace('\\', '/');
            if (!IsFeedInput(dir, rel)) continue;
            files++;
            var bytes = File.ReadAllBytes(path);
            var (contentType, contentLocation, expects) = ReadFeedparserHeader(bytes);
            var notFeed = NotFeeds.Contains(rel) || (rel.StartsWith("feedjira/", StringComparison.Ordinal) && rel.Contains("FirstEntry", StringComparison.Ordinal));
            var illFormed = rel.StartsWith("feedparser/illformed/", StringComparison.Ordinal) && !notFeed;
            ParsedFeed? feed = null;
            try
            {
                // feedparser serves the files whose path says "http" from its test server: that URL is their document URI.
                var documentUri = contentLocation ?? (rel.Contains("http", StringComparison.Ordinal) ? "http://127.0.0.1:8097/" + rel : null);
                feed = FeedParser.Parse(rel, bytes, contentType, documentUri);
                parsed++;
                if (feed.Warnings.Any(w => w.StartsWith("CodeHollow", StringComparison.Ordinal))) fallbacks++;
                if (feed.Warnings.Count > 0) warned++;
                results[rel] = feed;
                formats[feed.Format] = formats.GetValueOrDefault(feed.Format) + 1;
            }
            catch (NewsMinerInputException ex)
            {
                rejected++;
                var key = Regex.Replace(ex.Reason, @"\s*[\(:].*$", "");
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
                if (!notFeed && !illFormed) misses.Add($"not parsed: {rel}: {ex.Reason}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                crashed++;
                misses.Add($"CRASH: {rel}: {ex.GetType().Name}: {ex.Message}");
            }
            if (notFeed) { nfTotal++; if (feed is null) nfRight++; else misses.Add($"not refused: {rel} (README: not a feed)"); }
            else if (illFormed) { ilTotal++; if (feed is not null) ilRight++; }
            else
            {
                wfTotal++;
                if (feed is not null) wfRight++;
                if (!rel.EndsWith(".json", StringComparison.Ordinal))
                {
                    aloneTotal++;
                    if (LibraryAloneParses(bytes)) aloneRight++;
                }
            }

            foreach (var expect in expects)
            {
                if (rel.StartsWith("feedparser/encoding/", StringComparison.Ordinal))
                {
                    var (t, r) = CheckEncoding(rel, expect, bytes, contentType, feed, misses);
                    encTotal += t; encRight += r;
                }
                else if (rel.StartsWith("feedparser/", StringComparison.Ordinal))
                {
                    var (t, r) = CheckFields(rel, expect, feed, misses);
                    fpTotal += t; fpRight += r;
                }
            }
        }

        var dates = ScoreDates(dir, misses);
        var gofeed = ScoreGofeed(dir, results, misses);
        return new ConformanceReport
        {
            Files = files, Parsed = parsed, Rejected = rejected, Crashed = crashed,
            WellFormedParsed = new(wfRight, wfTotal), NotFeedsRejected = new(nfRight, nfTotal), IllFormedRead = new(ilRight, ilTotal),
            Encoding = new(encRight, encTotal), Dates = dates,
            GofeedItems = gofeed.Items, GofeedTitles = gofeed.Titles, GofeedLinks = gofeed.Links, GofeedDates = gofeed.Dates,
            FeedparserFields = new(fpRight, fpTotal), LibraryAlone = new(aloneRight, aloneTotal), LibraryFallbacks = fallbacks, WithWarnings = warned,
            Formats = formats, RejectionReasons = reasons, Misses = misses,
        };
    }

    /// <summary>Whether CodeHollow.FeedReader alone reads the raw bytes (the suite is trusted data; this is only a comparison).</summary>
    private static bool LibraryAloneParses(byte[] bytes)
    {
        try { return CodeHollow.FeedReader.FeedReader.ReadFromByteArray(bytes).Type != CodeHollow.FeedReader.FeedType.Unknown; }
        catch (Exception ex) when (ex is not OperationCanceledException) { return false; }
    }

    /// <summary>Feed inputs: XML, RSS, Atom and JSON files that are not expected outputs or the date cases.</summary>
    private static bool IsFeedInput(string dir, string rel)
    {
        var ext = Path.GetExtension(rel).ToLowerInvariant();
        if (ext is ".xml" or ".rss" or ".atom" or ".rdf") return true;
        if (ext != ".json" || rel.EndsWith("date-cases.json", StringComparison.Ordinal) || rel.EndsWith("_expected.json", StringComparison.Ordinal)) return false;
        var stem = Path.Combine(dir, rel[..^5]);
        return !File.Exists(stem + ".xml");
    }

    /// <summary>feedparser's leading comment: simulated HTTP headers and the Expect expression(s).</summary>
    private static (string? ContentType, string? ContentLocation, List<string> Expects) ReadFeedparserHeader(byte[] bytes)
    {
        var text = FeedDecoder.Decode(bytes).Text;
        var m = LeadingComment().Match(text.Length > 8192 ? text[..8192] : text);
        if (!m.Success) return (null, null, []);
        string? type = null, location = null;
        foreach (Match h in HeaderLine().Matches(m.Groups["body"].Value))
        {
            if (h.Groups["name"].Value.Equals("Content-type", StringComparison.OrdinalIgnoreCase)) type = h.Groups["value"].Value;
            if (h.Groups["name"].Value.Equals("Content-Location", StringComparison.OrdinalIgnoreCase)) location = h.Groups["value"].Value;
        }
        var expects = ExpectLine().Matches(m.Groups["body"].Value).Select(e => e.Groups["e"].Value).ToList();
        return (type, location, expects);
    }

    private static (int Total, int Right) CheckEncoding(string rel, string expect, byte[] bytes, string? contentType, ParsedFeed? feed, List<string> misses)
    {
        int total = 0, right = 0;
        var enc = EncodingExpectation().Match(expect);
        if (enc.Success)
        {
            total++;
            var expected = FeedDecoder.Lookup(PythonString(enc.Groups["v"].Value)) ?? "?";
            var got = FeedDecoder.Decode(bytes, contentType).Encoding;
            if (got == expected) right++; else misses.Add($"encoding: {rel}: expected {expected}, got {got}");
        }
        foreach (Match f in FieldExpectation().Matches(expect))
        {
            var field = f.Groups["field"].Value;
            if (field is not ("title" or "description" or "summary")) continue;
            total++;
            var value = f.Groups["v"].Value;
            var expected = f.Groups["ord"].Success ? char.ConvertFromUtf32(int.Parse(value, CultureInfo.InvariantCulture)) : PythonString(value);
            var got = feed is null ? null
                : f.Groups["scope"].Value == "feed" ? feed.Title
                : feed.Items.Count > 0 ? (field == "title" ? feed.Items[0].Title : feed.Items[0].Summary?.Trim()) : null;
            if (got == expected) right++; else misses.Add($"decoded text: {rel}: expected [{expected}] got [{got}]");
        }
        return (total, right);
    }

    /// <summary>feedparser expectations on title, link and dates of the feed or its first entry.</summary>
    private static (int Total, int Right) CheckFields(string rel, string expect, ParsedFeed? feed, List<string> misses)
    {
        int total = 0, right = 0;
        if (expect.Contains(" or ", StringComparison.Ordinal)) return (0, 0);
        foreach (Match f in FieldExpectation().Matches(expect))
        {
            var field = f.Groups["field"].Value;
            var entry = f.Groups["scope"].Value != "feed";
            string? expected, got;
            switch (field)
            {
                case "title":
                    expected = FeedParser.CleanText(PythonString(f.Groups["v"].Value));
                    got = feed is null ? null : entry ? (feed.Items.Count > 0 ? feed.Items[0].Title : null) : feed.Title;
                    break;
                case "link" when entry:
                    expected = PythonString(f.Groups["v"].Value);
                    got = feed is { Items.Count: > 0 } ? feed.Items[0].Link : null;
                    break;
                case "published_parsed" or "updated_parsed" or "issued_parsed" or "created_parsed" when entry:
                    expected = PythonTime(f.Groups["v"].Value);
                    got = feed is { Items.Count: > 0 } && feed.Items[0].Published is { } p ? Iso(p) : null;
                    break;
                default: continue;
            }
            total++;
            if (SameUrlOrText(expected, got)) right++; else misses.Add($"field {field}: {rel}: expected [{expected}] got [{got}]");
        }
        return (total, right);
    }

    private static Score ScoreDates(string dir, List<string> misses)
    {
        var path = Path.Combine(dir, "feedparser", "dates", "date-cases.json");
        if (!File.Exists(path)) return new(0, 0);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        int total = 0, right = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            total++;
            var input = c.GetProperty("input").GetString();
            var expected = c.GetProperty("expected_utc").ValueKind == JsonValueKind.Null ? null : Iso(DateTimeOffset.Parse(c.GetProperty("expected_utc").GetString()!, CultureInfo.InvariantCulture));
            var got = FeedDates.Parse(input) is { } d ? Iso(d) : null;
            if (got == expected) right++; else misses.Add($"date: [{input}] expected {expected ?? "null"} got {got ?? "null"}");
        }
        return new(right, total);
    }

    private static (Score Items, Score Titles, Score Links, Score Dates) ScoreGofeed(string dir, Dictionary<string, ParsedFeed> results, List<string> misses)
    {
        int items = 0, itemsRight = 0, titles = 0, titlesRight = 0, links = 0, linksRight = 0, dates = 0, datesRight = 0;
        var root = Path.Combine(dir, "gofeed");
        if (!Directory.Exists(root)) return (new(0, 0), new(0, 0), new(0, 0), new(0, 0));
        foreach (var expectedPath in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(dir, expectedPath).Replace('\\', '/');
            string input;
            if (rel.EndsWith("_expected.json", StringComparison.Ordinal)) input = rel[..^"_expected.json".Length] + ".json";
            else if (File.Exists(expectedPath[..^5] + ".xml")) input = rel[..^5] + ".xml";
            else continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(File.ReadAllBytes(expectedPath)); }
            catch (JsonException) { continue; }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("items", out var arr) || arr.ValueKind != JsonValueKind.Array) continue;
                results.TryGetValue(input, out var feed);
                var i = 0;
                foreach (var expected in arr.EnumerateArray())
                {
                    items++;
                    var got = feed is not null && i < feed.Items.Count ? feed.Items[i] : null;
                    i++;
                    var ok = got is not null;
                    if (Prop(expected, "title") is { } title)
                    {
                        titles++;
                        if (got is not null && FeedParser.CleanText(title) == got.Title) titlesRight++;
                        else { ok = false; misses.Add($"gofeed title: {input}#{i}: expected [{title}] got [{got?.Title}]"); }
                    }
                    if ((Prop(expected, "link") ?? Prop(expected, "url")) is { } link)
                    {
                        links++;
                        if (got is not null && SameUrlOrText(link, got.Link)) linksRight++;
                        else { ok = false; misses.Add($"gofeed link: {input}#{i}: expected [{link}] got [{got?.Link}]"); }
                    }
                    if ((Prop(expected, "publishedParsed") ?? Prop(expected, "pubDateParsed") ?? Prop(expected, "date_published")) is { } date)
                    {
                        dates++;
                        var want = Iso(DateTimeOffset.Parse(date, CultureInfo.InvariantCulture));
                        var have = got?.Published is { } p ? Iso(p) : null;
                        if (want == have) datesRight++;
                        else { ok = false; misses.Add($"gofeed published: {input}#{i}: expected [{want}] got [{have}]"); }
                    }
                    if (ok) itemsRight++;
                }
            }
        }
        return (new(itemsRight, items), new(titlesRight, titles), new(linksRight, links), new(datesRight, dates));
    }

    private static string? Prop(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Iso(DateTimeOffset d) => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool SameUrlOrText(string? a, string? b) =>
        a == b || (a is not null && b is not null && a.TrimEnd('/') == b.TrimEnd('/'));

    /// <summary>A Python time tuple <c>(2004, 1, 1, 19, 48, 21, 3, 1, 0)</c> as ISO 8601 UTC.</summary>
    private static string? PythonTime(string tuple)
    {
        var parts = tuple.Trim('(', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (parts.Length < 6) return null;
        return Iso(new DateTimeOffset(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], TimeSpan.Zero));
    }

    /// <summary>The value of a Python string literal (quotes, escapes \n \t \\ \' \" \xNN \uNNNN \UNNNNNNNN).</summary>
    internal static string PythonString(string literal)
    {
        var s = literal;
        if (s.StartsWith("\"\"\"", StringComparison.Ordinal) && s.EndsWith("\"\"\"", StringComparison.Ordinal) && s.Length >= 6) s = s[3..^3];
        else if (s.Length >= 2 && (s[0] == '\'' || s[0] == '"')) s = s[1..^1];
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length) { sb.Append(s[i]); continue; }
            var c = s[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'x' when i + 2 < s.Length: sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 2), 16)); i += 2; break;
                case 'u' when i + 4 < s.Length: sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 4), 16)); i += 4; break;
                case 'U' when i + 8 < s.Length: sb.Append(char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i + 1, 8), 16))); i += 8; break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
