using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Cli.Commands;

/// <summary>
/// Writes the model's predictions as corpus label lines, for a person to correct and add to corpus/labels/ before
/// retraining. The ids are the file names, so the articles can be copied to corpus/articles/ as they are.
/// </summary>
internal static partial class LabelCommand
{
    [GeneratedRegex(@"[^a-z0-9-]+")]
    private static partial Regex NotId();

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Articles to label (HTML pages or corpus-format .txt files).", Arity = ArgumentArity.OneOrMore };
        var models = CommonOptions.Models();
        var cmd = new Command("label", "Print the model's predictions as corpus label lines (JSONL) to correct by hand and add to corpus/labels/.") { paths, models };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var cleaner = new AngleSharpArticleCleaner();
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            var failed = 0;
            foreach (var path in parse.GetValue(paths)!)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var a = ArticleFiles.Read(path, cleaner);
                    var r = extractor.Extract(a);
                    Console.WriteLine(JsonSerializer.Serialize(ToLabel(path, a, r), JsonOptions.Compact));
                }
                catch (NewsMinerInputException ex)
                {
                    failed++;
                    await Console.Error.WriteLineAsync($"error: {ex.Message}");
                }
            }
            return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static object ToLabel(string path, CleanedArticle a, ExtractionResult r) => new
    {
        id = NotId().Replace(Path.GetFileNameWithoutExtension(path).ToLowerInvariant(), "-").Trim('-'),
        url = a.Url ?? "",
        published = a.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz") ?? "",
        incidents = r.Incidents.Select(i => new
        {
            victim = i.Victim, amount = i.Amount, currency = i.Currency, actor = i.Actor, date = i.Date, mixers = i.Mixers, primary = i.Primary,
        }),
    };
}
