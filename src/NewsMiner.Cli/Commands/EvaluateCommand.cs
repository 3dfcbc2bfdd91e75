using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Training;

namespace NewsMiner.Cli.Commands;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var corpus = CommonOptions.Corpus();
        var models = CommonOptions.Models();
        var saved = new Option<bool>("--saved") { Description = "Score the saved models on the corpus instead of cross-validating (use with a held-out corpus)." };
        var json = CommonOptions.Json();
        var baseline = new Option<bool>("--baseline") { Description = "Also score the rules-only baseline on the same articles (the ablation)." };
        var misses = new Option<bool>("--misses") { Description = "Also list every article with an error: its labels and the predictions." };
        var cmd = new Command("evaluate", "Per-field precision/recall/F1 on held-out articles (k-fold cross-validation grouped by incident).") { corpus, models, saved, json, misses, baseline };
        var flags = new CommonOptions.TrainingFlags();
        flags.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            using var logging = CommonOptions.Logging(parse);
            var logger = logging.CreateLogger("evaluate");
            var report = parse.GetValue(saved)
                ? ModelTraining.EvaluateSaved(parse.GetValue(corpus)!, parse.GetValue(models)!, logger)
                : ModelTraining.CrossValidate(parse.GetValue(corpus)!, flags.Read(parse), logger);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report.ToJson(), JsonOptions.Compact));
            else Print(report, parse.GetValue(saved) ? "saved models on " + parse.GetValue(corpus) : "cross-validation (grouped by incident)");
            if (parse.GetValue(misses)) PrintMisses(report);
            if (parse.GetValue(baseline))
            {
                var b = ModelTraining.Baseline(parse.GetValue(corpus)!, logger);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(new { baseline = b.ToJson() }, JsonOptions.Compact));
                else Print(b, "rules-only baseline (same candidates, no model)");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    private static void PrintMisses(EvaluationReport r)
    {
        static string Show(string victim, decimal? amount, string? currency, string? actor, string? date, IEnumerable<string> mixers, bool primary) =>
            $"{(primary ? "*" : " ")} {victim} | {amount?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {currency} | {actor} | {date} | {string.Join(",", mixers)}";
        foreach (var o in r.Outcomes.Where(o => !o.AllRight).OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            Console.WriteLine($"--- {o.Id} (relevance {o.Relevance:0.00})");
            foreach (var g in o.Gold) Console.WriteLine("  gold " + Show(g.Victim, g.Amount, g.Currency, g.Actor, g.Date, g.Mixers, g.Primary));
            foreach (var p in o.Predicted) Console.WriteLine("  pred " + Show(p.Victim, p.Amount, p.Currency, p.Actor, p.Date, p.Mixers, p.Primary));
        }
    }

    internal static void Print(EvaluationReport r, string title)
    {
        Console.WriteLine($"{title}: {r.Articles} articles, {r.TheftArticles} with thefts, {r.Negatives} negatives");
        Console.WriteLine($"{"field",-8} {"P",6} {"R",6} {"F1",6}   tp/fp/fn");
        foreach (var (name, s) in r.Fields)
            Console.WriteLine($"{name,-8} {s.Precision,6:0.000} {s.Recall,6:0.000} {s.F1,6:0.000}   {s.Tp}/{s.Fp}/{s.Fn}");
        Console.WriteLine("candidate recall (labelled values some candidate matches): " + string.Join(", ", r.CandidateRecall.Select(kv => $"{kv.Key} {(kv.Value.Labelled == 0 ? 0 : (double)kv.Value.Found / kv.Value.Labelled):0.000}")));
        Console.WriteLine($"primary accuracy {r.PrimaryAccuracy:0.000}; relevance accuracy {r.RelevanceAccuracy:0.000}; incidents on negatives {r.IncidentsOnNegatives} ({r.IncidentsPer50Negatives:0.00} per 50)");
    }
}
