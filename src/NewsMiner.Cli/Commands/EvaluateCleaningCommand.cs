using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Cleaning.Evaluation;

namespace NewsMiner.Cli.Commands;

internal static class EvaluateCleaningCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("DIR")
        {
            Description = "Benchmark folders: the article-extraction benchmark (ground-truth.json + html/) and/or the readability-pages benchmark (one folder per page with expected-metadata.json).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = CommonOptions.Json();
        var misses = new Option<bool>("--misses") { Description = "List every metadata disagreement and the 20 worst text pages." };
        var cmd = new Command("evaluate-cleaning", "Score the cleaner on benchmark pages: F1, precision, recall and accuracy of the main text; metadata agreement.") { dirs, json, misses };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            var cleaner = new AngleSharpArticleCleaner();
            foreach (var dir in parse.GetValue(dirs)!)
            {
                ct.ThrowIfCancellationRequested();
                if (CleaningBenchmark.IsArticleBenchmark(dir))
                {
                    var s = CleaningBenchmark.EvaluateText(cleaner, CleaningBenchmark.LoadArticlePages(dir));
                    if (parse.GetValue(json))
                        Console.WriteLine(JsonSerializer.Serialize(new { benchmark = dir, pages = s.Pages, f1 = Math.Round(s.F1, 4), precision = Math.Round(s.Precision, 4), recall = Math.Round(s.Recall, 4), accuracy = Math.Round(s.Accuracy, 4), f1_std = Math.Round(s.F1StdDev, 4) }, JsonOptions.Compact));
                    else
                    {
                        Console.WriteLine($"{dir}: {s.Pages} pages");
                        Console.WriteLine("| tool | F1 | P | R | acc |");
                        Console.WriteLine("| --- | --- | --- | --- | --- |");
                        Console.WriteLine($"| NewsMiner | {s.F1:0.000} ± {s.F1StdDev:0.003} | {s.Precision:0.000} | {s.Recall:0.000} | {s.Accuracy:0.000} |");
                        if (parse.GetValue(misses))
                            foreach (var p in s.PerPage.OrderBy(p => Math.Min(p.Precision ?? 0, p.Recall)).Take(20))
                                Console.WriteLine($"  {p.Id}  P {p.Precision:0.000}  R {p.Recall:0.000}");
                    }
                }
                else if (CleaningBenchmark.IsMetadataBenchmark(dir))
                {
                    var m = CleaningBenchmark.EvaluateMetadata(cleaner, dir);
                    if (parse.GetValue(json))
                        Console.WriteLine(JsonSerializer.Serialize(new { benchmark = dir, pages = m.Pages, fields = m.Fields.ToDictionary(f => f.Field, f => new { expected = f.Expected, right = f.Right, share = Math.Round(f.Share, 4) }) }, JsonOptions.Compact));
                    else
                    {
                        Console.WriteLine($"{dir}: {m.Pages} pages");
                        Console.WriteLine("| field | right / expected | share |");
                        Console.WriteLine("| --- | --- | --- |");
                        foreach (var f in m.Fields) Console.WriteLine($"| {f.Field} | {f.Right} / {f.Expected} | {f.Share:0.000} |");
                        if (parse.GetValue(misses))
                            foreach (var x in m.Misses) Console.WriteLine($"  {x.Page} {x.Field}: expected [{x.Expected}] got [{x.Got}]");
                    }
                }
                else throw new NewsMinerInputException(dir, "not a benchmark folder: no ground-truth.json and no page folders with expected-metadata.json");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
