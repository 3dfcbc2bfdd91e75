using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The incident's id (from `newsminer incidents`)." };
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var cmd = new Command("show", "Print one incident with every estimate, its sources and their evidence.") { id, db, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var raw = parse.GetValue(id)!;
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId) || incidentId < 1)
                throw new NewsMinerInputException($"incident {raw}", "not an incident id (a positive whole number)");
            using var store = CommonOptions.OpenExisting(parse.GetValue(db)!);
            var detail = await store.GetIncidentAsync(incidentId, ct);
            Console.Write(parse.GetValue(json) ? JsonSerializer.Serialize(ToJson(detail), JsonOptions.Indented) + "\n" : Render(detail));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static object ToJson(IncidentDetail d) => new
    {
        incident = IncidentTables.ToJson(d.Incident),
        estimates = d.Estimates.Select(e => new { amount = e.Amount, currency = e.Currency, amount_usd = e.AmountUsd, amount_usd_derived = e.AmountUsdDerived, sources = e.Sources }),
        reports = d.Reports.Select(r => new
        {
            url = r.Url, title = r.Title, site_name = r.SiteName, published = r.Published, primary = r.IsPrimary, victim = r.Victim, amount = r.Amount,
            currency = r.Currency, amount_usd = r.AmountUsd, amount_usd_derived = r.AmountUsdDerived, actor = r.Actor, actor_as_written = r.ActorAsWritten,
            date = r.Date, mixers = r.Mixers, confidence = Math.Round(r.Confidence, 3), evidence = r.Evidence,
        }),
    };

    internal static string Render(IncidentDetail d)
    {
        var i = d.Incident;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Incident {i.Id}: {i.Victim} ({i.VictimType})\n");
        void Field(string name, string? value) { if (!string.IsNullOrEmpty(value)) sb.Append(CultureInfo.InvariantCulture, $"  {name,-12}{value}\n"); }
        Field("date", i.Date);
        Field("amount", IncidentTables.FormatAmount(i.Amount, i.Currency));
        Field("USD", i.AmountUsd is null ? null : IncidentTables.FormatUsd(i.AmountUsd, i.AmountUsdDerived) + (i.AmountUsdDerived ? $" (derived: {i.UsdNote})" : " (reported)"));
        Field("actor", i.Actor);
        if (i.ActorAlternatives.Count > 0)
            Field("also named", string.Join("; ", i.ActorAlternatives.Select(a => $"{a.Value} ({a.Sources} source{(a.Sources == 1 ? "" : "s")})")));
        Field("mixers", string.Join(", ", i.Mixers));
        Field("confidence", i.Confidence.ToString("0.###", CultureInfo.InvariantCulture));
        Field("first seen", i.FirstSeen);
        if (d.Estimates.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nEstimates ({d.Estimates.Count})\n");
            foreach (var e in d.Estimates)
                sb.Append(CultureInfo.InvariantCulture, $"  {IncidentTables.FormatAmount(e.Amount, e.Currency),-24}{IncidentTables.FormatUsd(e.AmountUsd, e.AmountUsdDerived),-18}{e.Sources.Count} source{(e.Sources.Count == 1 ? "" : "s")}: {string.Join(" ", e.Sources)}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"\nSources ({d.Reports.Select(r => r.ArticleId).Distinct().Count()})\n");
        var n = 0;
        foreach (var r in d.Reports)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  [{++n}] {r.Url}\n");
            var about = string.Join(", ", new[] { r.Title, r.SiteName, r.Published }.Where(x => !string.IsNullOrEmpty(x)));
            if (about.Length > 0) sb.Append("      ").Append(about).Append('\n');
            var reported = new List<string> { r.Victim };
            if (r.Amount is not null) reported.Add(IncidentTables.FormatAmount(r.Amount, r.Currency));
            if (r.Actor is not null) reported.Add(r.ActorAsWritten is { } w && w != r.Actor ? $"{r.Actor} (as \"{w}\")" : r.Actor);
            if (r.Date is not null) reported.Add(r.Date);
            if (r.Mixers.Count > 0) reported.Add(string.Join(", ", r.Mixers));
            sb.Append(CultureInfo.InvariantCulture, $"      reports: {string.Join("; ", reported)}{(r.IsPrimary ? "" : " (background mention)")}; confidence {r.Confidence:0.###}\n");
            foreach (var e in r.Evidence)
                sb.Append(CultureInfo.InvariantCulture, $"      {e.Field,-7} [{e.Start}-{e.End}] {e.Sentence}\n");
        }
        return sb.ToString();
    }
}
