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
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            return await CommonOptions.ForEachArticleAsync(parse.GetValue(paths)!, null, jsonErrors: false,
                (path, a) => Console.WriteLine(JsonSerializer.Serialize(ToLabel(path, a, extractor.Extract(a)), JsonOptions.Compact)), ct);
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
