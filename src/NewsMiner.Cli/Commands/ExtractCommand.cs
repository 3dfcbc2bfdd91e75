using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Cli.Commands;

internal static class ExtractCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Saved HTML pages or plain-text articles.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var models = CommonOptions.Models();
        var url = new Option<string?>("--url") { Description = "The pages' original URL (optional)." };
        var explain = new Option<bool>("--explain") { Description = "Also print what the models saw (to stderr): every victim candidate with its probability, then each accepted victim's best amount, date, actor and mixer candidates." };
        var cmd = new Command("extract", "Clean saved pages and print the incidents they report.") { paths, json, models, url, explain };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            return await CommonOptions.ForEachArticleAsync(parse.GetValue(paths)!, parse.GetValue(url), parse.GetValue(json), (path, a) =>
            {
                var result = extractor.Extract(a);
                if (parse.GetValue(explain))
                    foreach (var (decision, victim, candidate, p) in extractor.Explain(a))
                        Console.Error.WriteLine(victim.Length == 0 ? $"  {decision}? {p:0.000} {candidate}" : $"  {decision}? {p:0.000} {candidate}  (for {victim})");
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(ToJson(path, a, result), JsonOptions.Compact));
                else Print(path, a, result);
            }, ct);
        }));
        return cmd;
    }

    internal static object ToJson(string source, CleanedArticle a, ExtractionResult r) => new
    {
        source,
        url = a.Url,
        title = a.Title,
        published = a.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz"),
        relevance = Math.Round(r.Relevance, 3),
        incidents = r.Incidents.Select(i => new
        {
            victim = i.Victim,
            amount = i.Amount,
            currency = i.Currency,
            actor = i.Actor,
            date = i.Date,
            mixers = i.Mixers,
            primary = i.Primary,
            confidence = i.Confidence,
            field_confidence = i.FieldConfidence,
            evidence = i.Evidence.Select(e => new { field = e.Field, sentence = e.Sentence, start = e.Start, end = e.End }),
        }),
    };

    private static void Print(string path, CleanedArticle a, ExtractionResult r)
    {
        Console.WriteLine($"== {path}");
        Console.WriteLine($"{a.Title} ({a.Published:yyyy-MM-dd}) relevance {r.Relevance:0.00}");
        if (r.Incidents.Count == 0) Console.WriteLine("  no incidents");
        foreach (var i in r.Incidents)
        {
            var amount = i.Amount is { } v ? $"{v.ToString("#,0.##", CultureInfo.InvariantCulture)} {i.Currency}" : "-";
            Console.WriteLine($"  {(i.Primary ? "*" : " ")} {i.Victim}: {amount}, actor {i.Actor ?? "-"}, date {i.Date ?? "-"}, mixers {(i.Mixers.Count > 0 ? string.Join(", ", i.Mixers) : "-")} (confidence {i.Confidence:0.00})");
        }
    }
}
