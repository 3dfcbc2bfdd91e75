using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsMiner.Core;
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
        var cmd = new Command("incidents", "List stored incidents with their source article URLs.") { db, format };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var path = parse.GetValue(db)!;
            if (!File.Exists(path)) throw new NewsMinerInputException(path, "no such database (run `newsminer run` first)");
            using var store = SqliteIncidentStore.Open(path);
            var incidents = await store.ListIncidentsAsync(ct);
            switch (parse.GetValue(format))
            {
                case "json":
                    foreach (var i in incidents) Console.WriteLine(JsonSerializer.Serialize(ToJson(i), JsonOptions.Compact));
                    break;
                case "csv":
                    WriteCsv(incidents, Console.Out);
                    break;
                default:
                    WriteTable(incidents);
                    break;
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static object ToJson(StoredIncident i) => new
    {
        id = i.Id, victim = i.Victim, amount = i.Amount, currency = i.Currency, actor = i.Actor, date = i.Date,
        mixers = i.Mixers, confidence = Math.Round(i.Confidence, 3), first_seen = i.FirstSeen, sources = i.Sources,
    };

    internal static void WriteCsv(IReadOnlyList<StoredIncident> incidents, TextWriter w)
    {
        w.WriteLine("id,victim,amount,currency,actor,date,mixers,confidence,first_seen,sources");
        foreach (var i in incidents)
            w.WriteLine(string.Join(',', new[]
            {
                i.Id.ToString(CultureInfo.InvariantCulture), Csv(i.Victim), i.Amount?.ToString(CultureInfo.InvariantCulture) ?? "", Csv(i.Currency), Csv(i.Actor), Csv(i.Date),
                Csv(string.Join("; ", i.Mixers)), i.Confidence.ToString("0.###", CultureInfo.InvariantCulture), Csv(i.FirstSeen), Csv(string.Join(' ', i.Sources)),
            }));
    }

    private static string Csv(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        // Quote always when needed; neutralise spreadsheet formulas.
        if (s[0] is '=' or '+' or '-' or '@') s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    private static void WriteTable(IReadOnlyList<StoredIncident> incidents)
    {
        if (incidents.Count == 0) { Console.WriteLine("no incidents stored"); return; }
        // Redirected output has no terminal width; do not squeeze URLs into 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        var table = new Table().AddColumns("id", "date", "victim", "amount", "actor", "mixers", "sources");
        foreach (var i in incidents)
        {
            var amount = i.Amount is { } v ? $"{v.ToString("#,0.##", CultureInfo.InvariantCulture)} {i.Currency}" : "";
            table.AddRow(Markup.Escape(i.Id.ToString(CultureInfo.InvariantCulture)), Markup.Escape(i.Date ?? ""), Markup.Escape(i.Victim), Markup.Escape(amount),
                Markup.Escape(i.Actor ?? ""), Markup.Escape(string.Join(", ", i.Mixers)), Markup.Escape(string.Join("\n", i.Sources)));
        }
        AnsiConsole.Write(table);
    }
}
