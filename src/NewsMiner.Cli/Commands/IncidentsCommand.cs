using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;
using Spectre.Console;

namespace NewsMiner.Cli.Commands;

internal static class IncidentsCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var since = new Option<string?>("--since") { Description = "Incidents dated on or after this (yyyy-MM-dd, yyyy-MM or yyyy)." };
        var until = new Option<string?>("--until") { Description = "Incidents dated on or before this (yyyy-MM-dd, yyyy-MM or yyyy)." };
        var victim = new Option<string?>("--victim") { Description = "Victim name (normalised: 'BitoPro exchange' finds BitoPro)." };
        var actor = new Option<string?>("--actor") { Description = "Attributed actor; aliases count (TraderTraitor finds Lazarus Group)." };
        var mixer = new Option<string?>("--mixer") { Description = "A mixer or laundering service the funds went through (aliases count)." };
        var minAmount = new Option<decimal?>("--min-amount") { Description = "Smallest loss in USD (reported or derived)." };
        var sort = new Option<string>("--sort") { Description = "Order: date (oldest first) or amount (largest USD value first).", DefaultValueFactory = _ => "date" };
        sort.AcceptOnlyFromAmong("date", "amount");
        var limit = new Option<int?>("--limit") { Description = "At most this many incidents." };
        var cmd = new Command("incidents", "List stored incidents with their source article URLs.") { db, format, since, until, victim, actor, mixer, minAmount, sort, limit };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var query = new IncidentQuery
            {
                Since = parse.GetValue(since), Until = parse.GetValue(until), Victim = parse.GetValue(victim), Actor = parse.GetValue(actor),
                Mixer = parse.GetValue(mixer), MinAmountUsd = parse.GetValue(minAmount), Sort = parse.GetValue(sort)!, Limit = parse.GetValue(limit),
            };
            // Check the filters before touching the database, so a typo is reported as such.
            query.Validate();
            using var store = CommonOptions.OpenExisting(parse.GetValue(db)!);
            var incidents = await store.ListIncidentsAsync(query, ct);
            switch (parse.GetValue(format))
            {
                case "json":
                    foreach (var i in incidents) Console.WriteLine(JsonSerializer.Serialize(IncidentTables.ToJson(i), JsonOptions.Compact));
                    break;
                case "csv":
                    IncidentTables.WriteCsv(incidents, Console.Out);
                    break;
                default:
                    WriteTable(incidents);
                    break;
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static void WriteTable(IReadOnlyList<StoredIncident> incidents)
    {
        if (incidents.Count == 0) { Console.WriteLine("no incidents"); return; }
        // Redirected output has no terminal width; do not squeeze URLs into 80 columns.
        var console = CommonOptions.Terminal(220);
        var table = new Table().AddColumns("id", "date", "victim", "amount", "USD", "actor", "mixers", "sources");
        foreach (var i in incidents)
        {
            table.AddRow(Markup.Escape(i.Id.ToString(CultureInfo.InvariantCulture)), Markup.Escape(i.Date ?? ""), Markup.Escape(i.Victim),
                Markup.Escape(IncidentTables.FormatAmount(i.Amount, i.Currency)), Markup.Escape(IncidentTables.FormatUsd(i.AmountUsd, i.AmountUsdDerived)),
                Markup.Escape(i.Actor ?? ""), Markup.Escape(string.Join(", ", i.Mixers)), Markup.Escape(string.Join("\n", i.Sources)));
        }
        console.Write(table);
        if (incidents.Any(i => i.AmountUsdDerived)) Console.WriteLine("≈ USD value derived from the monthly reference price table");
    }
}
