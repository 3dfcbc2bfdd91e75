using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction.Model;

namespace NewsMiner.Core.Training;

/// <summary>What <c>train</c> produced: where the models are and their cross-validated scores.</summary>
public sealed record TrainingResult(string OutputDirectory, int Articles, string CorpusHash, EvaluationReport CrossValidation, TimeSpan Elapsed);

/// <summary>The train and evaluate workflows the CLI runs.</summary>
public static class ModelTraining
{
    /// <summary>Cross-validates on the corpus, then trains on all of it and writes the models and their manifest.</summary>
    public static TrainingResult TrainAndSave(string corpusDir, string outDir, TrainingOptions options, ILogger logger, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var articles = Prepare(corpusDir, logger);
        ct.ThrowIfCancellationRequested();
        // The models on the whole corpus are fitted beside the cross-validation folds (each on one thread, seeded).
        var full = Task.Run(() => new IncidentModelTrainer(options).Train(articles), ct);
        EvaluationReport cv;
        try
        {
            cv = ModelEvaluation.CrossValidate(articles, options,
                (k, r) => logger.LogInformation("Fold {Fold}: victim F1 {Victim:0.000}, amount F1 {Amount:0.000}", k + 1, r.Fields["victim"].F1, r.Fields["amount"].F1));
        }
        catch
        {
            // Cross-validation failed: wait for the models on all articles and release them, then report the failure.
            try { full.GetAwaiter().GetResult().Dispose(); } catch (Exception) { /* the cross-validation's error is the one to report */ }
            throw;
        }
        using var bundle = full.GetAwaiter().GetResult();
        ct.ThrowIfCancellationRequested();
        var hash = Corpus.Hash(corpusDir);
        var manifest = new
        {
            feature_version = ModelBundle.FeatureVersion,
            corpus_hash = hash,
            corpus_articles = articles.Count,
            seed = options.Seed,
            folds = options.Folds,
            trainer = $"FastTree binary, {options.Trees} trees, {options.Leaves} leaves",
            models = Enum.GetValues<Extraction.Decision>().Select(ModelBundle.FileName).ToArray(),
            cross_validation = cv.ToJson(),
        };
        bundle.Save(outDir, manifest);
        logger.LogInformation("Wrote {Count} models to {Dir} in {Seconds:0.0}s", bundle.Models.Count, outDir, clock.Elapsed.TotalSeconds);
        return new TrainingResult(outDir, articles.Count, hash, cv, clock.Elapsed);
    }

    /// <summary>k-fold cross-validation grouped by incident on a corpus.</summary>
    public static EvaluationReport CrossValidate(string corpusDir, TrainingOptions options, ILogger logger)
    {
        var articles = Prepare(corpusDir, logger);
        return ModelEvaluation.CrossValidate(articles, options);
    }

    /// <summary>
    /// Cross-validation repeated with seeds <c>Seed</c>, <c>Seed + 1</c>, ...: folds and trees change with the seed,
    /// so the spread of the repeats shows how much of a difference between two settings is noise.
    /// </summary>
    public static IReadOnlyList<(int Seed, EvaluationReport Report)> CrossValidateRepeated(string corpusDir, TrainingOptions options, int repeats, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var articles = Prepare(corpusDir, logger);
        var runs = new List<(int, EvaluationReport)>();
        for (var i = 0; i < repeats; i++)
        {
            var o = options with { Seed = options.Seed + i };
            runs.Add((o.Seed, ModelEvaluation.CrossValidate(articles, o)));
            logger.LogInformation("Seed {Seed}: victim F1 {Victim:0.000}", o.Seed, runs[^1].Item2.Fields["victim"].F1);
        }
        return runs;
    }

    /// <summary>The rules-only baseline (same candidates, fixed rules) on a corpus, for the ablation.</summary>
    public static EvaluationReport Baseline(string corpusDir, ILogger logger) => ModelEvaluation.EvaluateBaseline(Prepare(corpusDir, logger));

    /// <summary>Scores saved models on a separate labelled set (for example the held-out corpus written by another hand).</summary>
    public static EvaluationReport EvaluateSaved(string corpusDir, string modelDir, ILogger logger)
    {
        var articles = Prepare(corpusDir, logger);
        using var bundle = ModelBundle.Load(modelDir);
        return ModelEvaluation.Evaluate(bundle, articles);
    }

    private static List<PreparedArticle> Prepare(string corpusDir, ILogger logger)
    {
        var corpus = Corpus.Load(corpusDir, new AngleSharpArticleCleaner());
        logger.LogInformation("Loaded {Count} labelled articles from {Dir} ({Theft} with thefts)", corpus.Count, corpusDir, corpus.Count(a => a.Incidents.Count > 0));
        // Candidates for each article on every core (they share nothing); the order stays the corpus's.
        return corpus.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount).Select(PreparedArticle.From).ToList();
    }
}
