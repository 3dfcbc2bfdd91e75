using System.CommandLine;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var cmd = new Command("report", "Write one self-contained HTML page with the incidents and charts of losses per month, actor and victim type.") { db, output };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var path = parse.GetValue(db)!;
            using var store = CommonOptions.OpenExisting(path);
            var incidents = await store.ListIncidentsAsync(IncidentQuery.All, ct);
            var html = HtmlReport.Render(incidents, Path.GetFileName(path), DateTimeOffset.UtcNow);
            var outPath = parse.GetValue(output)!;
            await CommonOptions.WriteOutputAsync(outPath, html, ct);
            Console.WriteLine($"wrote {outPath}: {incidents.Count} incidents");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
