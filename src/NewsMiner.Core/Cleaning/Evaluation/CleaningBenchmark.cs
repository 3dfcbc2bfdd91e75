using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Cleaning.Evaluation;

/// <summary>Precision and recall of one page's extracted text against its ground truth.</summary>
public sealed record PageScore(string Id, double? Precision, double Recall, bool Exact);

/// <summary>The article-extraction benchmark's four figures, plus a bootstrap standard deviation of F1.</summary>
public sealed record TextScores(int Pages, double F1, double Precision, double Recall, double Accuracy, double F1StdDev, IReadOnlyList<PageScore> PerPage);

/// <summary>
/// The article-extraction benchmark's metric: texts become multisets of 4-token shingles (tokens are runs of word
/// characters, case kept); per page P = shared/predicted, R = shared/truth; precision is the mean over pages with a
/// non-empty prediction, recall the mean over all pages, F1 = 2PR/(P+R); accuracy is the share of pages whose token
/// sequence equals the truth's.
/// </summary>
public static partial class TextMetric
{
    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Token();

    public static List<string> Tokens(string text) => Token().Matches(text).Select(m => m.Value).ToList();

    public static Dictionary<string, int> Shingles(IReadOnlyList<string> tokens)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0) return bag;
        if (tokens.Count < 4)
        {
            bag[string.Join('\u0001', tokens)] = 1;
            return bag;
        }
        for (var i = 0; i + 4 <= tokens.Count; i++)
        {
            var key = string.Join('\u0001', tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]);
            bag[key] = bag.GetValueOrDefault(key) + 1;
        }
        return bag;
    }

    /// <summary>Scores one page; precision is null when the prediction is empty.</summary>
    public static PageScore Score(string id, string predicted, string truth)
    {
        var pt = Tokens(predicted);
        var tt = Tokens(truth);
        var ps = Shingles(pt);
        var ts = Shingles(tt);
        var tp = 0;
        foreach (var (k, n) in ps) tp += Math.Min(n, ts.GetValueOrDefault(k));
        var pn = ps.Values.Sum();
        var tn = ts.Values.Sum();
        double? precision = pn == 0 ? null : (double)tp / pn;
        var recall = tn == 0 ? (pn == 0 ? 1 : 0) : (double)tp / tn;
        return new PageScore(id, precision, recall, pt.SequenceEqual(tt));
    }

    public static TextScores Aggregate(IReadOnlyList<PageScore> pages, int bootstrap = 1000, int seed = 1)
    {
        var (f1, p, r) = Means(pages);
        var acc = pages.Count == 0 ? 0 : (double)pages.Count(x => x.Exact) / pages.Count;
        var rng = new Random(seed);
        var samples = new double[bootstrap];
        for (var b = 0; b < bootstrap; b++)
        {
            var sample = new PageScore[pages.Count];
            for (var i = 0; i < sample.Length; i++) sample[i] = pages[rng.Next(pages.Count)];
            samples[b] = Means(sample).F1;
        }
        var mean = samples.Length == 0 ? 0 : samples.Average();
        var sd = samples.Length == 0 ? 0 : Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / samples.Length);
        return new TextScores(pages.Count, f1, p, r, acc, sd, pages);
    }

    private static (double F1, double P, double R) Means(IReadOnlyList<PageScore> pages)
    {
        var withPrediction = pages.Where(x => x.Precision is not null).ToList();
        var p = withPrediction.Count == 0 ? 0 : withPrediction.Average(x => x.Precision!.Value);
        var r = pages.Count == 0 ? 0 : pages.Average(x => x.Recall);
        return (p + r == 0 ? 0 : 2 * p * r / (p + r), p, r);
    }
}

/// <summary>Metadata agreement on pages that have an expected value, per field.</summary>
public sealed record FieldAgreement(string Field, int Expected, int Right)
{
    public double Share => Expected == 0 ? 0 : (double)Right / Expected;
}

/// <summary>One metadata disagreement, for reading case by case.</summary>
public sealed record MetadataMiss(string Page, string Field, string? Expected, string? Got);

public sealed record MetadataScores(int Pages, IReadOnlyList<FieldAgreement> Fields, IReadOnlyList<MetadataMiss> Misses);

/// <summary>Runs the cleaner over the two benchmarks in <c>../shared/benchmarks</c>.</summary>
public static partial class CleaningBenchmark
{
    [GeneratedRegex(@"(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasUtcOffset();

    /// <summary>A benchmark page: id, HTML bytes (decompressed), URL, and the expected text (article benchmark).</summary>
    public sealed record Page(string Id, byte[] Html, string? Url, string? Truth);

    public static bool IsArticleBenchmark(string dir) => File.Exists(Path.Combine(dir, "ground-truth.json"));

    public static bool IsMetadataBenchmark(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateDirectories(dir).Any(d => File.Exists(Path.Combine(d, "expected-metadata.json")));

    public static IReadOnlyList<Page> LoadArticlePages(string dir)
    {
        var truthPath = Path.Combine(dir, "ground-truth.json");
        if (!File.Exists(truthPath)) throw new NewsMinerInputException(dir, "no ground-truth.json: not the article-extraction benchmark");
        using var truth = JsonDocument.Parse(File.ReadAllText(truthPath));
        var pages = new List<Page>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var gz = Path.Combine(dir, "html", entry.Name + ".html.gz");
            if (!File.Exists(gz)) throw new NewsMinerInputException(gz, "page listed in ground-truth.json is missing");
            pages.Add(new Page(entry.Name, Gunzip(gz), entry.Value.GetProperty("url").GetString(), entry.Value.GetProperty("articleBody").GetString() ?? ""));
        }
        return pages;
    }

    public static TextScores EvaluateText(IArticleCleaner cleaner, IReadOnlyList<Page> pages)
    {
        var scores = new List<PageScore>();
        foreach (var p in pages)
        {
            string text;
            try { text = cleaner.Clean(new RawPage(p.Id, p.Url, p.Html)).Text; }
            catch (NewsMinerInputException) { text = ""; }
            scores.Add(TextMetric.Score(p.Id, text, p.Truth!));
        }
        return TextMetric.Aggregate(scores);
    }

    public static MetadataScores EvaluateMetadata(IArticleCleaner cleaner, string dir)
    {
        var fields = new[] { "title", "byline", "lang", "siteName", "publishedTime", "readerable" };
        var expected = fields.ToDictionary(f => f, _ => 0);
        var right = fields.ToDictionary(f => f, _ => 0);
        var misses = new List<MetadataMiss>();
        var pages = 0;
        foreach (var d in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            var metaPath = Path.Combine(d, "expected-metadata.json");
            var source = Path.Combine(d, "source.html.gz");
            if (!File.Exists(metaPath) || !File.Exists(source)) continue;
            pages++;
            using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
            CleanedArticle? a;
            try { a = cleaner.Clean(new RawPage(Path.GetFileName(d), "http://fakehost/test/page.html", Gunzip(source))); }
            catch (NewsMinerInputException) { a = null; }
            foreach (var f in fields)
            {
                // No expectation: null, or an empty string (Readability writes "" for a page without a title).
                if (!meta.RootElement.TryGetProperty(f, out var e) || e.ValueKind == JsonValueKind.Null ||
                    (e.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(e.GetString())))
                    continue;
                expected[f]++;
                var want = e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean().ToString().ToLowerInvariant() : e.GetString();
                string? got = f switch
                {
                    "title" => a?.Title,
                    "byline" => a?.Author,
                    "lang" => a?.Language,
                    "siteName" => a?.SiteName,
                    "publishedTime" => a?.Published?.ToString("O"),
                    "readerable" => (a?.Readerable ?? false).ToString().ToLowerInvariant(),
                    _ => null,
                };
                if (Agrees(f, want, got, a)) right[f]++;
                else misses.Add(new MetadataMiss(Path.GetFileName(d), f, want, got));
            }
        }
        return new MetadataScores(pages, fields.Select(f => new FieldAgreement(f, expected[f], right[f])).ToList(), misses);
    }

    /// <summary>
    /// Field comparison: text fields after folding white space and case; language by primary subtag
    /// ("en-US" = "en"); published time as the same instant, or, when the expected value names no UTC offset
    /// ("2017-11-03 03:01:00.000000"), as the same wall-clock time: such a value is not an instant, and reading it
    /// in the evaluating machine's time zone would make the score depend on that machine.
    /// </summary>
    internal static bool Agrees(string field, string? want, string? got, CleanedArticle? article)
    {
        if (want is null) return got is null;
        if (got is null) return false;
        static string Fold(string s) => Text.TextUtil.NormalizeSpace(System.Net.WebUtility.HtmlDecode(s)).ToLowerInvariant();
        switch (field)
        {
            case "lang":
                return string.Equals(want.Split('-', '_')[0], got.Split('-', '_')[0], StringComparison.OrdinalIgnoreCase);
            case "publishedTime":
                if (article?.Published is not { } p) return false;
                if (HasUtcOffset().IsMatch(want.Trim()))
                    return DateTimeOffset.TryParse(want, CultureInfo.InvariantCulture, DateTimeStyles.None, out var w) && w.UtcDateTime == p.UtcDateTime;
                return DateTime.TryParse(want, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall) && wall == p.DateTime;
            case "byline":
                // Readability keeps a "By " prefix and role suffixes; compare the name part. It also keeps one author
                // of several, so a list of ours ("A; B" or "A, B", as MetadataReader joins them) agrees when one does.
                var fw = Fold(want);
                var fg = Fold(got);
                if (fw == fg || fw.Contains(fg) && fg.Length >= 4) return true;
                var names = fg.Split(fg.Contains(';') ? ";" : ", ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return names.Length > 1 && names.Any(n => n == fw || fw.Contains(n) && n.Length >= 4);
            default:
                return Fold(want) == Fold(got);
        }
    }

    internal static byte[] Gunzip(string path)
    {
        using var input = File.OpenRead(path);
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Times the cleaner over pages: pages/s and allocated bytes (one warm-up pass first).</summary>
    public static (double PagesPerSecond, double AllocatedPerPage) Time(Func<Page, object?> clean, IReadOnlyList<Page> pages, int rounds = 3)
    {
        foreach (var p in pages) clean(p);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
            foreach (var p in pages) clean(p);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var n = pages.Count * rounds;
        return (n / clock.Elapsed.TotalSeconds, (double)allocated / n);
    }
}
