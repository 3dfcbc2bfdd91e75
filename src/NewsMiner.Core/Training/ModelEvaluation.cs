using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;
using NewsMiner.Core.Extraction.Model;

namespace NewsMiner.Core.Training;

/// <summary>True positives, false positives and false negatives of one field, with the scores they give.</summary>
public sealed class FieldScore
{
    public int Tp { get; set; }
    public int Fp { get; set; }
    public int Fn { get; set; }
    public double Precision => Tp + Fp == 0 ? 0 : (double)Tp / (Tp + Fp);
    public double Recall => Tp + Fn == 0 ? 0 : (double)Tp / (Tp + Fn);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public void Add(FieldScore o) { Tp += o.Tp; Fp += o.Fp; Fn += o.Fn; }
}

/// <summary>Scores of an evaluation: per field, primary accuracy and false incidents on negatives.</summary>
public sealed class EvaluationReport
{
    public static readonly string[] FieldNames = ["victim", "amount", "actor", "date", "mixers"];

    public Dictionary<string, FieldScore> Fields { get; } = FieldNames.ToDictionary(f => f, _ => new FieldScore());
    public int Articles { get; set; }
    public int TheftArticles { get; set; }
    public int PrimaryCorrect { get; set; }
    public int Negatives { get; set; }
    public int IncidentsOnNegatives { get; set; }
    public int RelevanceCorrect { get; set; }

    /// <summary>Labelled values that some candidate matches (the ceiling of the model's recall), per field.</summary>
    public Dictionary<string, (int Found, int Labelled)> CandidateRecall { get; } = FieldNames.ToDictionary(f => f, _ => (0, 0));

    /// <summary>Per-article labels and predictions, for reading the errors (<c>evaluate --misses</c>).</summary>
    public List<ArticleOutcome> Outcomes { get; } = [];

    public double PrimaryAccuracy => TheftArticles == 0 ? 0 : (double)PrimaryCorrect / TheftArticles;
    public double IncidentsPer50Negatives => Negatives == 0 ? 0 : 50.0 * IncidentsOnNegatives / Negatives;
    public double RelevanceAccuracy => Articles == 0 ? 0 : (double)RelevanceCorrect / Articles;

    public void Add(EvaluationReport o)
    {
        foreach (var f in FieldNames) Fields[f].Add(o.Fields[f]);
        Articles += o.Articles; TheftArticles += o.TheftArticles; PrimaryCorrect += o.PrimaryCorrect;
        Negatives += o.Negatives; IncidentsOnNegatives += o.IncidentsOnNegatives; RelevanceCorrect += o.RelevanceCorrect;
        Outcomes.AddRange(o.Outcomes);
        foreach (var f in FieldNames)
            CandidateRecall[f] = (CandidateRecall[f].Found + o.CandidateRecall[f].Found, CandidateRecall[f].Labelled + o.CandidateRecall[f].Labelled);
    }

    public object ToJson() => new
    {
        articles = Articles,
        theft_articles = TheftArticles,
        negatives = Negatives,
        fields = Fields.ToDictionary(kv => kv.Key, kv => new
        {
            precision = Math.Round(kv.Value.Precision, 4),
            recall = Math.Round(kv.Value.Recall, 4),
            f1 = Math.Round(kv.Value.F1, 4),
            tp = kv.Value.Tp, fp = kv.Value.Fp, fn = kv.Value.Fn,
        }),
        primary_accuracy = Math.Round(PrimaryAccuracy, 4),
        relevance_accuracy = Math.Round(RelevanceAccuracy, 4),
        incidents_on_negatives = IncidentsOnNegatives,
        incidents_per_50_negatives = Math.Round(IncidentsPer50Negatives, 3),
        candidate_recall = CandidateRecall.ToDictionary(kv => kv.Key, kv => kv.Value.Labelled == 0 ? 0 : Math.Round((double)kv.Value.Found / kv.Value.Labelled, 4)),
    };
}

/// <summary>One article's labels and predictions.</summary>
public sealed record ArticleOutcome(string Id, IReadOnlyList<GoldIncident> Gold, IReadOnlyList<IncidentRecord> Predicted, double Relevance, bool AllRight)
{
    /// <summary>The article's batch (its label file's name), for scores per batch (<c>evaluate --by-file</c>).</summary>
    public string Batch { get; init; } = "";

    /// <summary>This article's own scores (without outcomes), which add up to the report's.</summary>
    public EvaluationReport? Score { get; init; }

    /// <summary>
    /// For each labelled victim the models did not return, the victim model's probability for the name that matches
    /// it (null: no candidate names it), for <c>evaluate --misses</c>: how far from the threshold a miss was.
    /// </summary>
    public IReadOnlyList<(string Victim, double? Probability)> MissedVictims { get; init; } = [];
}

/// <summary>
/// Compares extracted incidents with labels. Predicted incidents are matched to labelled ones by victim name; a
/// field is right when it equals the label (amount within 2% in the same currency, actor by canonical name, date by
/// prefix so that a month-precision value matches a day in that month, mixers as a set).
/// </summary>
public static class ModelEvaluation
{
    public static EvaluationReport Score(IReadOnlyList<GoldIncident> gold, IReadOnlyList<IncidentRecord> predicted, double relevance)
    {
        var r = new EvaluationReport { Articles = 1 };
        var isTheft = gold.Count > 0;
        if ((relevance >= MlNetIncidentExtractor.RelevanceThreshold) == isTheft) r.RelevanceCorrect = 1;
        if (!isTheft)
        {
            r.Negatives = 1;
            r.IncidentsOnNegatives = predicted.Count;
        }
        else r.TheftArticles = 1;

        var pairs = new List<(GoldIncident G, IncidentRecord P)>();
        var unmatchedPred = predicted.ToList();
        foreach (var g in gold)
        {
            // Of the predictions naming this victim (a victim may have several thefts), the one agreeing most.
            var p = unmatchedPred.Where(x => EntityRecognizer.SameName(x.Victim, g.Victim))
                .OrderByDescending(x => (Normalize.SameAmount(x.Amount, x.Currency, g.Amount, g.Currency) ? 2 : 0) + (Normalize.SameDate(x.Date, g.Date) ? 1 : 0))
                .FirstOrDefault();
            if (p is null) continue;
            pairs.Add((g, p));
            unmatchedPred.Remove(p);
        }
        var f = r.Fields;
        f["victim"].Tp = pairs.Count;
        f["victim"].Fp = unmatchedPred.Count;
        f["victim"].Fn = gold.Count - pairs.Count;

        foreach (var g in gold)
        {
            var p = pairs.FirstOrDefault(x => x.G == g).P;
            Field(f["amount"], g.Amount is not null, p?.Amount is not null, p is not null && Normalize.SameAmount(p.Amount, p.Currency, g.Amount, g.Currency));
            Field(f["actor"], g.Actor is not null, p?.Actor is not null, p is not null && string.Equals(p.Actor, g.Actor, StringComparison.OrdinalIgnoreCase));
            Field(f["date"], g.Date is not null, p?.Date is not null, p is not null && Normalize.SameDate(p.Date, g.Date));
            var gm = g.Mixers.Select(m => m.ToLowerInvariant()).ToHashSet();
            var pm = (p?.Mixers ?? []).Select(m => m.ToLowerInvariant()).ToHashSet();
            f["mixers"].Tp += gm.Intersect(pm).Count();
            f["mixers"].Fp += pm.Except(gm).Count();
            f["mixers"].Fn += gm.Except(pm).Count();
        }
        // Values of incidents that match no label are all false positives.
        foreach (var p in unmatchedPred)
        {
            if (p.Amount is not null) f["amount"].Fp++;
            if (p.Actor is not null) f["actor"].Fp++;
            if (p.Date is not null) f["date"].Fp++;
            f["mixers"].Fp += p.Mixers.Count;
        }

        if (isTheft)
        {
            var gp = gold.First(x => x.Primary);
            var pp = predicted.FirstOrDefault(x => x.Primary);
            if (pp is not null && EntityRecognizer.SameName(pp.Victim, gp.Victim)) r.PrimaryCorrect = 1;
        }
        return r;
    }

    private static void Field(FieldScore s, bool goldHas, bool predHas, bool equal)
    {
        if (goldHas && predHas && equal) s.Tp++;
        else
        {
            if (predHas) s.Fp++;
            if (goldHas) s.Fn++;
        }
    }

    /// <summary>Evaluates a trained bundle on prepared articles.</summary>
    internal static EvaluationReport Evaluate(ModelBundle models, IEnumerable<PreparedArticle> articles)
    {
        var extractor = MlNetIncidentExtractor.FromBundle(models);
        return Evaluate(a => extractor.Extract(a.Candidates), articles, (a, result) => MissedVictims(models, a, result));
    }

    private static IReadOnlyList<(string, double?)> MissedVictims(ModelBundle models, PreparedArticle a, ExtractionResult result)
    {
        var missed = new List<(string, double?)>();
        foreach (var g in a.Gold.Incidents.DistinctBy(g => g.Victim))
        {
            if (result.Incidents.Any(p => EntityRecognizer.SameName(p.Victim, g.Victim))) continue;
            var entity = IncidentModelTrainer.EntityFor(a.Candidates, g.Victim);
            missed.Add((g.Victim, entity is null ? null : models.Score(Decision.Victim, FeatureBuilder.Victim(a.Candidates, entity))));
        }
        return missed;
    }

    /// <summary>The rules-only baseline on the same articles (it needs no training, so every fold is the whole set).</summary>
    internal static EvaluationReport EvaluateBaseline(IEnumerable<PreparedArticle> articles) =>
        Evaluate(a => RuleBaselineExtractor.Extract(a.Candidates), articles, null);

    private static EvaluationReport Evaluate(Func<PreparedArticle, ExtractionResult> extract, IEnumerable<PreparedArticle> articles,
        Func<PreparedArticle, ExtractionResult, IReadOnlyList<(string, double?)>>? missedVictims)
    {
        var total = new EvaluationReport();
        foreach (var a in articles)
        {
            var result = extract(a);
            var score = Score(a.Gold.Incidents, result.Incidents, result.Relevance);
            var allRight = score.Fields.Values.All(f => f.Fp == 0 && f.Fn == 0) && score.PrimaryCorrect == score.TheftArticles;
            CountCandidates(score, a);
            total.Add(score);
            total.Outcomes.Add(new ArticleOutcome(a.Gold.Id, a.Gold.Incidents, result.Incidents, result.Relevance, allRight) { Batch = a.Gold.Batch, Score = score, MissedVictims = allRight || missedVictims is null ? [] : missedVictims(a, result) });
        }
        return total;
    }

    /// <summary>
    /// k-fold cross-validation grouped by incident: every article whose primary incident has the same victim lands
    /// in the same fold, so no incident is in both the training and the test folds.
    /// </summary>
    private static void CountCandidates(EvaluationReport r, PreparedArticle a)
    {
        var c = a.Candidates;
        void Count(string field, bool labelled, bool found)
        {
            if (!labelled) return;
            var (f, l) = r.CandidateRecall[field];
            r.CandidateRecall[field] = (f + (found ? 1 : 0), l + 1);
        }
        foreach (var g in a.Gold.Incidents)
        {
            Count("victim", true, c.Entities.Any(e => IncidentModelTrainer.Names(e, g.Victim)));
            Count("amount", g.Amount is not null, c.Amounts.Any(m => Normalize.SameAmount(m.Value, m.Currency, g.Amount, g.Currency)));
            Count("actor", g.Actor is not null, c.Actors.Concat(c.People).Any(x => string.Equals(x.Canonical, g.Actor, StringComparison.OrdinalIgnoreCase)));
            Count("date", g.Date is not null, c.Dates.Any(d => d.Iso == g.Date));
            foreach (var m in g.Mixers) Count("mixers", true, c.Mixers.Any(x => string.Equals(x.Canonical, m, StringComparison.OrdinalIgnoreCase)));
        }
    }

    internal static EvaluationReport CrossValidate(IReadOnlyList<PreparedArticle> articles, TrainingOptions options, Action<int, EvaluationReport>? onFold = null)
    {
        var folds = AssignFolds(articles, options.Folds, options.Seed);
        // Folds are independent and each model is fitted on one thread with the seed, so they run side by side on
        // the machine's cores and give the same models and scores as one after another.
        var reports = new EvaluationReport?[options.Folds];
        Parallel.For(0, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) }, k =>
        {
            var train = articles.Where((_, i) => folds[i] != k).ToList();
            var test = articles.Where((_, i) => folds[i] == k).ToList();
            if (test.Count == 0) return;
            using var bundle = new IncidentModelTrainer(options).Train(train, allowSingleClass: true);
            reports[k] = Evaluate(bundle, test);
        });
        var total = new EvaluationReport();
        for (var k = 0; k < options.Folds; k++)
        {
            if (reports[k] is not { } report) continue;
            onFold?.Invoke(k, report);
            total.Add(report);
        }
        return total;
    }

    internal static int[] AssignFolds(IReadOnlyList<PreparedArticle> articles, int k, int seed)
    {
        // Shuffle the groups with the seed, then deal them round-robin so folds are balanced.
        var groups = articles.Select(a => a.Gold.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        var rng = new Random(seed);
        var shuffled = groups.OrderBy(_ => rng.Next()).ToList();
        var foldOf = new Dictionary<string, int>();
        for (var i = 0; i < shuffled.Count; i++) foldOf[shuffled[i]] = i % k;
        return articles.Select(a => foldOf[a.Gold.Group]).ToArray();
    }
}
