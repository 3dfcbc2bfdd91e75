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
        var byFile = new Option<bool>("--by-file") { Description = "Also print the scores per label file (per batch: b1, h2a, ...), to see which styles the models read worst." };
        var saved = new Option<bool>("--saved") { Description = "Score the saved models on the corpus instead of cross-validating (use with a held-out corpus)." };
        var json = CommonOptions.Json();
        var baseline = new Option<bool>("--baseline") { Description = "Also score the rules-only baseline on the same articles (the ablation)." };
        var misses = new Option<bool>("--misses") { Description = "Also list every article with an error: its labels and the predictions." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Cross-validate this many times with seeds --seed, --seed+1, ... and print each run's F1 and their mean and spread.",
            DefaultValueFactory = _ => 1,
        };
        var cmd = new Command("evaluate", "Per-field precision/recall/F1 on held-out articles (k-fold cross-validation grouped by incident).") { corpus, models, saved, json, misses, baseline, repeat, byFile };
        var flags = new CommonOptions.TrainingFlags();
        flags.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            using var logging = CommonOptions.Logging(parse);
            var logger = logging.CreateLogger("evaluate");
            var repeats = parse.GetValue(repeat);
            if (repeats < 1) throw new NewsMinerInputException("--repeat", $"must be at least 1, got {repeats}");
            if (repeats > 1)
            {
                if (parse.GetValue(saved)) throw new NewsMinerInputException("--repeat", "repeats cross-validation; it cannot be combined with --saved");
                var runs = ModelTraining.CrossValidateRepeated(parse.GetValue(corpus)!, flags.Read(parse), repeats, logger);
                if (parse.GetValue(json))
                    foreach (var (seed, r) in runs) Console.WriteLine(JsonSerializer.Serialize(new { seed, report = r.ToJson() }, JsonOptions.Compact));
                else PrintRepeats(runs);
                return Task.FromResult(ExitCodes.Ok);
            }
            var report = parse.GetValue(saved)
                ? ModelTraining.EvaluateSaved(parse.GetValue(corpus)!, parse.GetValue(models)!, logger)
                : ModelTraining.CrossValidate(parse.GetValue(corpus)!, flags.Read(parse), logger);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report.ToJson(), JsonOptions.Compact));
            else Print(report, parse.GetValue(saved) ? "saved models on " + parse.GetValue(corpus) : "cross-validation (grouped by incident)");
            if (parse.GetValue(byFile)) PrintByFile(report, parse.GetValue(json));
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

    /// <summary>The report's articles scored per label file: one row (or JSON line) per file.</summary>
    internal static IReadOnlyList<(string Batch, EvaluationReport Report)> ByFile(EvaluationReport r) =>
        r.Outcomes.GroupBy(o => o.Batch).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var sum = new EvaluationReport();
            foreach (var o in g) if (o.Score is { } s) sum.Add(s);
            return (g.Key, sum);
        }).ToList();

    private static void PrintByFile(EvaluationReport r, bool json)
    {
        var rows = ByFile(r);
        if (json)
        {
            foreach (var (batch, b) in rows) Console.WriteLine(JsonSerializer.Serialize(new { file = batch, report = b.ToJson() }, JsonOptions.Compact));
            return;
        }
        Console.WriteLine("per label file (F1; primary accuracy; incidents on negatives):");
        Console.WriteLine($"{"file",-10} {"articles",8}" + string.Concat(EvaluationReport.FieldNames.Select(f => $" {f,7}")) + $" {"primary",8} {"neg",5}");
        foreach (var (batch, b) in rows)
            Console.WriteLine($"{batch,-10} {b.Articles,8}" + string.Concat(EvaluationReport.FieldNames.Select(f => $" {b.Fields[f].F1,7:0.000}"))
                              + $" {(b.TheftArticles == 0 ? "-" : b.PrimaryAccuracy.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)),8} {b.IncidentsOnNegatives,5}");
    }

    private static void PrintMisses(EvaluationReport r)
    {
        static string Show(string victim, decimal? amount, string? currency, string? actor, string? date, IEnumerable<string> mixers, bool primary) =>
            $"{(primary ? "*" : " ")} {victim} | {amount?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {currency} | {actor} | {date} | {string.Join(",", mixers)}";
        foreach (var o in r.Outcomes.Where(o => !o.AllRight).OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            Console.WriteLine($"--- {o.Id} (relevance {o.Relevance:0.00})");
            foreach (var g in o.Gold) Console.WriteLine("  gold " + Show(g.Victim, g.Amount, g.Currency, g.Actor, g.Date, g.Mixers, g.Primary));
            foreach (var p in o.Predicted)
                Console.WriteLine("  pred " + Show(p.Victim, p.Amount, p.Currency, p.Actor, p.Date, p.Mixers, p.Primary)
                                  + $" | confidence {p.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}");
            foreach (var (victim, probability) in o.MissedVictims)
                Console.WriteLine($"  miss {victim}: " + (probability is { } pv
                    ? $"victim probability {pv.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}"
                    : "no candidate names it"));
        }
    }

    private static void PrintRepeats(IReadOnlyList<(int Seed, EvaluationReport Report)> runs)
    {
        var first = runs[0].Report;
        Console.WriteLine($"cross-validation (grouped by incident), {runs.Count} seeds: {first.Articles} articles, {first.TheftArticles} with thefts, {first.Negatives} negatives");
        var columns = EvaluationReport.FieldNames.Select(f => (Name: f, Value: (Func<EvaluationReport, double>)(r => r.Fields[f].F1)))
            .Append(("primary", r => r.PrimaryAccuracy))
            .Append(("neg/50", r => r.IncidentsPer50Negatives)).ToList();
        Console.WriteLine($"{"seed",-6}" + string.Concat(columns.Select(c => $" {c.Name,8}")));
        foreach (var (seed, r) in runs)
            Console.WriteLine($"{seed,-6}" + string.Concat(columns.Select(c => $" {c.Value(r),8:0.000}")));
        var stats = new List<(double Mean, double Sd)>();
        foreach (var c in columns)
        {
            var values = runs.Select(x => c.Value(x.Report)).ToList();
            var mean = values.Average();
            stats.Add((mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1))));
        }
        Console.WriteLine($"{"mean",-6}" + string.Concat(stats.Select(s => $" {s.Mean,8:0.000}")));
        Console.WriteLine($"{"sd",-6}" + string.Concat(stats.Select(s => $" {s.Sd,8:0.000}")));
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
