using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;
using Spectre.Console;

namespace NewsMiner.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("stats", "Print totals stolen per year and per actor (USD, reported or derived from the price table).") { db, format };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            using var store = CommonOptions.OpenExisting(parse.GetValue(db)!);
            var stats = IncidentStatistics.Compute(await store.ListIncidentsAsync(IncidentQuery.All, ct));
            if (parse.GetValue(format) == "json")
            {
                static object Rows(IEnumerable<StatsRow> rows) => rows.Select(r => new
                {
                    key = r.Key, incidents = r.Incidents, with_usd = r.WithUsd, total_usd = decimal.Round(r.TotalUsd, 2), derived_usd = decimal.Round(r.DerivedUsd, 2),
                });
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    total = Rows([stats.Total]) is IEnumerable<object> t ? t.Single() : null,
                    by_year = Rows(stats.ByYear), by_actor = Rows(stats.ByActor), by_victim_type = Rows(stats.ByVictimType),
                }, JsonOptions.Indented));
                return ExitCodes.Ok;
            }
            var console = CommonOptions.Terminal(160);
            Write(console, "Stolen per year", "year", stats.ByYear, stats.Total);
            Write(console, "Stolen per actor", "actor", stats.ByActor, stats.Total);
            Console.WriteLine("USD totals add reported values and values derived from the monthly reference price table (the 'derived' column).");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static void Write(IAnsiConsole console, string title, string key, IReadOnlyList<StatsRow> rows, StatsRow total)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumns(key, "incidents", "with USD value", "total USD", "derived USD");
        foreach (var r in rows.Append(total))
            table.AddRow(Markup.Escape(r.Key), r.Incidents.ToString(CultureInfo.InvariantCulture), r.WithUsd.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Usd(r.TotalUsd)), Markup.Escape(Usd(r.DerivedUsd)));
        console.Write(table);
    }

    private static string Usd(decimal v) => "$" + decimal.Round(v, 0).ToString("#,0", CultureInfo.InvariantCulture);
}
