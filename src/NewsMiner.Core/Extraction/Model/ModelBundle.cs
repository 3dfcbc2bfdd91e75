using System.Text.Json;
using Microsoft.ML;

namespace NewsMiner.Core.Extraction.Model;

/// <summary>
/// The extractor's trained models, one per decision, loaded once. Prediction engines are not thread-safe, so each
/// thread gets its own (pooled per thread, created on first use).
/// </summary>
internal sealed class ModelBundle : IDisposable
{
    /// <summary>Bumped whenever the feature layout changes, so an old model is refused rather than misread.</summary>
    public const int FeatureVersion = 14;

    public const string ManifestFile = "metrics.json";

    private readonly MLContext _ml;
    private readonly Dictionary<Decision, ITransformer> _models;
    private readonly Dictionary<Decision, ThreadLocal<PredictionEngine<CandidateInput, CandidatePrediction>>> _engines = new();
    private readonly Dictionary<Decision, float> _constants;

    /// <param name="constants">Decisions with no model because their training rows had one class only (cross-validation folds):
    /// they answer with that class's probability. Never saved.</param>
    public ModelBundle(MLContext ml, Dictionary<Decision, ITransformer> models, Dictionary<Decision, float>? constants = null)
    {
        _ml = ml;
        _models = models;
        _constants = constants ?? [];
        foreach (var (decision, model) in models)
            _engines[decision] = new ThreadLocal<PredictionEngine<CandidateInput, CandidatePrediction>>(
                () => _ml.Model.CreatePredictionEngine<CandidateInput, CandidatePrediction>(model), trackAllValues: true);
    }

    public IReadOnlyDictionary<Decision, ITransformer> Models => _models;

    /// <summary>Prediction engines created so far, all decisions and threads (for the benchmarks: one per decision and thread, not per article).</summary>
    internal int PredictionEnginesCreated => _engines.Values.Sum(local => local.Values.Count);

    public float Score(Decision decision, CandidateInput row) =>
        _constants.TryGetValue(decision, out var constant) ? constant : _engines[decision].Value!.Predict(row).Probability;

    public static string FileName(Decision d) => d.ToString().ToLowerInvariant() + ".zip";

    public void Save(string directory, object manifest)
    {
        if (_constants.Count > 0) throw new InvalidOperationException("a bundle with untrained decisions cannot be saved");
        Directory.CreateDirectory(directory);
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<CandidateInput>()).Schema;
        foreach (var (decision, model) in _models)
        {
            var path = Path.Combine(directory, FileName(decision));
            var tmp = path + ".tmp";
            _ml.Model.Save(model, schema, tmp);
            File.Move(tmp, path, overwrite: true);
        }
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, JsonOptions.Indented));
    }

    /// <summary>Loads every model of a directory; a missing, corrupt or outdated file is a clear error saying how to train one.</summary>
    public static ModelBundle Load(string directory)
    {
        const string howTo = "train one with `newsminer train --corpus corpus --out models`";
        if (!Directory.Exists(directory)) throw new NewsMinerInputException(directory, $"no model directory here; {howTo}");
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath)) throw new NewsMinerInputException(manifestPath, $"missing model manifest; {howTo}");
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var version = manifest.RootElement.GetProperty("feature_version").GetInt32();
            if (version != FeatureVersion)
                throw new NewsMinerInputException(manifestPath, $"the models were trained for feature version {version}, this build uses {FeatureVersion}; {howTo}");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new NewsMinerInputException(manifestPath, $"the model manifest is corrupt ({ex.Message}); {howTo}", ex);
        }

        var ml = new MLContext(seed: 1);
        var models = new Dictionary<Decision, ITransformer>();
        foreach (var decision in Enum.GetValues<Decision>())
        {
            var path = Path.Combine(directory, FileName(decision));
            if (!File.Exists(path)) throw new NewsMinerInputException(path, $"missing model file; {howTo}");
            try
            {
                models[decision] = ml.Model.Load(path, out _);
                // A model that loads but cannot score our rows is as bad as a corrupt one: check once now.
                ml.Model.CreatePredictionEngine<CandidateInput, CandidatePrediction>(models[decision]).Predict(new CandidateInput());
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                throw new NewsMinerInputException(path, $"the model file is corrupt or unreadable ({ex.GetType().Name}: {ex.Message}); {howTo}", ex);
            }
        }
        return new ModelBundle(ml, models);
    }

    public void Dispose()
    {
        foreach (var local in _engines.Values)
        {
            foreach (var engine in local.Values) engine.Dispose();
            local.Dispose();
        }
    }
}
