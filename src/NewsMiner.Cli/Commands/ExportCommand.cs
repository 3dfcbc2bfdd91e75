using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var format = new Option<string>("--format") { Description = "csv or json (the incident summary), or stix (a STIX 2.1 bundle).", Required = true };
        format.AcceptOnlyFromAmong("csv", "json", "stix");
        var output = new Option<string?>("--out") { Description = "Output file (default: stdout)." };
        var cmd = new Command("export", "Export every incident as CSV, JSON or a STIX 2.1 bundle.") { db, format, output };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var path = parse.GetValue(output);
            using var store = CommonOptions.OpenExisting(parse.GetValue(db)!);
            var incidents = await store.ListIncidentsAsync(IncidentQuery.All, ct);
            string content;
            switch (parse.GetValue(format))
            {
                case "csv":
                    var w = new StringWriter { NewLine = "\n" };
                    IncidentTables.WriteCsv(incidents, w);
                    content = w.ToString();
                    break;
                case "json":
                    content = JsonSerializer.Serialize(incidents.Select(IncidentTables.ToJson), JsonOptions.Indented) + "\n";
                    break;
                default:
                    var details = new List<IncidentDetail>();
                    foreach (var i in incidents) details.Add(await store.GetIncidentAsync(i.Id, ct));
                    content = StixExporter.Build(details).ToJsonString(JsonOptions.Indented) + "\n";
                    break;
            }
            await CommonOptions.WriteOutputAsync(path, content, ct);
            if (path is not null and not "-") await Console.Error.WriteLineAsync($"wrote {incidents.Count} incidents to {path}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
