using System.Globalization;
using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Export;

/// <summary>
/// The incident summary as CSV rows and JSON objects: the fields of <c>newsminer incidents</c> and
/// <c>newsminer export</c>. The first ten columns are the version-1 contract; later ones were added after them.
/// </summary>
public static class IncidentTables
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "victim", "amount", "currency", "actor", "date", "mixers", "confidence", "first_seen", "sources",
        "amount_usd", "amount_usd_derived", "victim_type", "actor_alternatives", "source_count",
    ];

    /// <summary>One incident as a JSON-serialisable object (snake_case names, as <see cref="Columns"/>).</summary>
    public static object ToJson(StoredIncident i) => new
    {
        id = i.Id, victim = i.Victim, amount = i.Amount, currency = i.Currency, actor = i.Actor, date = i.Date, mixers = i.Mixers,
        confidence = Math.Round(i.Confidence, 3), first_seen = i.FirstSeen, sources = i.Sources,
        amount_usd = i.AmountUsd, amount_usd_derived = i.AmountUsdDerived, usd_note = i.UsdNote, victim_type = i.VictimType,
        actor_alternatives = i.ActorAlternatives.Select(a => new { actor = a.Value, score = Math.Round(a.Score, 3), sources = a.Sources }),
        source_count = i.Sources.Count,
    };

    /// <summary>Writes a header and one row per incident (RFC 4180 quoting; lists joined by "; ", URLs by spaces).</summary>
    public static void WriteCsv(IReadOnlyList<StoredIncident> incidents, TextWriter w)
    {
        w.WriteLine(string.Join(',', Columns));
        foreach (var i in incidents)
            w.WriteLine(string.Join(',', new[]
            {
                i.Id.ToString(CultureInfo.InvariantCulture), Csv(i.Victim), Number(i.Amount), Csv(i.Currency), Csv(i.Actor), Csv(i.Date),
                Csv(string.Join("; ", i.Mixers)), i.Confidence.ToString("0.###", CultureInfo.InvariantCulture), Csv(i.FirstSeen), Csv(string.Join(' ', i.Sources)),
                Number(i.AmountUsd), i.AmountUsdDerived ? "true" : "false", Csv(i.VictimType), Csv(string.Join("; ", i.ActorAlternatives.Select(a => a.Value))),
                i.Sources.Count.ToString(CultureInfo.InvariantCulture),
            }));
    }

    private static string Number(decimal? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    internal static string Csv(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        // Neutralise spreadsheet formulas, then quote when needed.
        if (s[0] is '=' or '+' or '-' or '@') s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>"11,000,000 USD" (and "≈ US$45.0m" style USD hints are left to the callers).</summary>
    public static string FormatAmount(decimal? amount, string? currency) =>
        amount is { } v ? $"{v.ToString("#,0.##", CultureInfo.InvariantCulture)} {currency}" : "";

    /// <summary>A USD value for people: "$11,000,000", prefixed "≈" when derived from the price table.</summary>
    public static string FormatUsd(decimal? usd, bool derived) =>
        usd is { } v ? (derived ? "≈ " : "") + "$" + decimal.Round(v, 0).ToString("#,0", CultureInfo.InvariantCulture) : "";
}
