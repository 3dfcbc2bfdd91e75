using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Training;

/// <summary>A labelled incident, as written in a corpus label line.</summary>
public sealed record GoldIncident(string Victim, decimal? Amount, string? Currency, string? Actor, string? Date, IReadOnlyList<string> Mixers, bool Primary);

/// <summary>One labelled article: its label line and its cleaned text.</summary>
public sealed record CorpusArticle(string Id, string Path, string Url, DateOnly Published, IReadOnlyList<GoldIncident> Incidents, CleanedArticle Article)
{
    /// <summary>Cross-validation group: the primary incident's victim, so no incident sits in both train and test folds.</summary>
    public string Group => Incidents.FirstOrDefault(i => i.Primary) is { } p ? "v:" + Extraction.Candidates.EntityRecognizer.Key(p.Victim) : "n:" + Id;

    /// <summary>The label file the article's line is in, without its extension (its batch: "b1", "h2a").</summary>
    public string Batch { get; init; } = "";
}

/// <summary>
/// Loads and validates a corpus directory (<c>articles/</c> + <c>labels/*.jsonl</c>). Every problem names the file
/// and line; the whole corpus is checked before any is refused, so one run lists every bad label.
/// </summary>
public static partial class Corpus
{
    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    public static IReadOnlyList<CorpusArticle> Load(string directory, IArticleCleaner cleaner)
    {
        var labelsDir = System.IO.Path.Combine(directory, "labels");
        var articlesDir = System.IO.Path.Combine(directory, "articles");
        if (!Directory.Exists(directory)) throw new NewsMinerInputException(directory, "no such corpus directory");
        if (!Directory.Exists(labelsDir)) throw new NewsMinerInputException(labelsDir, "the corpus has no labels/ directory");
        if (!Directory.Exists(articlesDir)) throw new NewsMinerInputException(articlesDir, "the corpus has no articles/ directory");

        var files = Directory.GetFiles(articlesDir).Where(f => f.EndsWith(".txt") || f.EndsWith(".html") || f.EndsWith(".htm"))
            .ToDictionary(f => System.IO.Path.GetFileNameWithoutExtension(f), f => f);
        var errors = new List<string>();
        var result = new List<CorpusArticle>();
        var seen = new HashSet<string>();
        foreach (var labelFile in Directory.GetFiles(labelsDir, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lineNo = 0;
            foreach (var line in File.ReadLines(labelFile))
            {
                lineNo++;
                if (line.Trim().Length == 0) continue;
                var where = $"{labelFile}:{lineNo}";
                try
                {
                    var label = ParseLabel(line, where);
                    if (!seen.Add(label.Id)) { errors.Add($"{where}: id '{label.Id}' is labelled twice"); continue; }
                    if (!files.TryGetValue(label.Id, out var path)) { errors.Add($"{where}: no article file for id '{label.Id}' in {articlesDir}"); continue; }
                    var article = ArticleFiles.Read(path, cleaner, label.Url);
                    result.Add(label with { Path = path, Article = article, Batch = System.IO.Path.GetFileNameWithoutExtension(labelFile) });
                }
                catch (NewsMinerInputException ex) { errors.Add(ex.Input == where ? $"{where}: {ex.Reason}" : ex.Message); }
            }
        }
        foreach (var id in files.Keys.Where(id => !seen.Contains(id)).Order(StringComparer.Ordinal))
            errors.Add($"{files[id]}: the article has no label line in {labelsDir}");
        if (errors.Count > 0)
            throw new NewsMinerInputException(directory, $"{errors.Count} problem(s) in the corpus:\n  " + string.Join("\n  ", errors));
        if (result.Count == 0) throw new NewsMinerInputException(directory, "the corpus has no labelled articles");
        return result.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Parses and validates one label line; <paramref name="where"/> is "file:line" for messages.</summary>
    internal static CorpusArticle ParseLabel(string line, string where)
    {
        JsonDocument json;
        try { json = JsonDocument.Parse(line); }
        catch (JsonException ex) { throw new NewsMinerInputException(where, $"not valid JSON ({ex.Message})"); }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NewsMinerInputException(where, "a label line must be a JSON object");
            var id = RequiredString(root, "id", where);
            if (!IdPattern().IsMatch(id)) throw new NewsMinerInputException(where, $"id '{id}' must be lowercase letters, digits and '-'");
            var url = RequiredString(root, "url", where);
            var publishedText = RequiredString(root, "published", where);
            if (!DateTimeOffset.TryParse(publishedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published))
                throw new NewsMinerInputException(where, $"published '{publishedText}' is not an ISO 8601 date");
            if (!root.TryGetProperty("incidents", out var incidentsEl) || incidentsEl.ValueKind != JsonValueKind.Array)
                throw new NewsMinerInputException(where, "incidents must be a list ([] for an article that reports no theft)");
            var incidents = new List<GoldIncident>();
            var n = 0;
            foreach (var inc in incidentsEl.EnumerateArray())
            {
                n++;
                var at = $"{where}: incident {n}";
                if (inc.ValueKind != JsonValueKind.Object) throw new NewsMinerInputException(where, $"incident {n} must be an object");
                var victim = RequiredString(inc, "victim", at);
                decimal? amount = null;
                if (inc.TryGetProperty("amount", out var am) && am.ValueKind != JsonValueKind.Null)
                {
                    if (am.ValueKind != JsonValueKind.Number || !am.TryGetDecimal(out var v) || v <= 0)
                        throw new NewsMinerInputException(at, $"amount must be a positive number or null, not {am.GetRawText()}");
                    amount = v;
                }
                var currency = OptionalString(inc, "currency", at);
                if (amount is not null && currency is null) throw new NewsMinerInputException(at, "an amount needs a currency");
                if (currency is not null && !Regex.IsMatch(currency, "^[A-Za-z0-9]{2,10}$")) throw new NewsMinerInputException(at, $"currency '{currency}' is not a code like USD or ETH");
                var actor = OptionalString(inc, "actor", at);
                var date = OptionalString(inc, "date", at);
                if (date is not null && !IsoDate().IsMatch(date)) throw new NewsMinerInputException(at, $"date '{date}' must be YYYY-MM-DD or YYYY-MM");
                var mixers = new List<string>();
                if (inc.TryGetProperty("mixers", out var mx))
                {
                    if (mx.ValueKind != JsonValueKind.Array) throw new NewsMinerInputException(at, "mixers must be a list");
                    foreach (var m in mx.EnumerateArray())
                    {
                        if (m.ValueKind != JsonValueKind.String) throw new NewsMinerInputException(at, "mixers must be a list of names");
                        mixers.Add(m.GetString()!);
                    }
                }
                if (!inc.TryGetProperty("primary", out var pr) || pr.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new NewsMinerInputException(at, "primary must be true or false");
                incidents.Add(new GoldIncident(victim, amount, currency?.ToUpperInvariant(), actor, date, mixers, pr.GetBoolean()));
            }
            if (incidents.Count > 0 && incidents.Count(i => i.Primary) != 1)
                throw new NewsMinerInputException(where, $"exactly one incident must be primary, found {incidents.Count(i => i.Primary)}");
            var pubDate = DateOnly.FromDateTime(published.DateTime);
            return new CorpusArticle(id, "", url, pubDate, incidents, new CleanedArticle { Source = "", Text = "" });
        }
    }

    private static string RequiredString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            throw new NewsMinerInputException(where, $"'{name}' is required and must be a non-empty string");
        return v.GetString()!.Trim();
    }

    private static string? OptionalString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new NewsMinerInputException(where, $"'{name}' must be a string or null");
        var s = v.GetString()!.Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>A hash of every label line and article file, recorded with the models so they can be traced to their data.</summary>
    public static string Hash(string directory)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                     .Where(f => f.Contains($"{System.IO.Path.DirectorySeparatorChar}labels{System.IO.Path.DirectorySeparatorChar}") || f.Contains($"{System.IO.Path.DirectorySeparatorChar}articles{System.IO.Path.DirectorySeparatorChar}"))
                     .Order(StringComparer.Ordinal))
        {
            sb.Append(System.IO.Path.GetRelativePath(directory, f).Replace('\\', '/')).Append('\n');
            sb.Append(TextUtil.Sha256Hex(File.ReadAllText(f).Replace("\r\n", "\n"))).Append('\n');
        }
        return TextUtil.Sha256Hex(sb.ToString());
    }
}
