using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Model;
using NewsMiner.Core.Tests.Support;
using NewsMiner.Core.Training;

namespace NewsMiner.Core.Tests.Training;

public sealed class ModelTrainingTests
{
    private static readonly TrainingOptions Small = TrainingOptions.Default with { Trees = 20, Leaves = 4, MinExamplesPerLeaf = 1, Folds = 2 };

    [Fact]
    public void TrainAndSave_RoundTrip_PredictsTheSame()
    {
        using var dir = new TempDir();
        var result = ModelTraining.TrainAndSave(TestPaths.Data("minicorpus"), dir.Path, Small, NullLogger.Instance);
        Assert.Equal(7, result.Articles);
        Assert.True(File.Exists(Path.Combine(dir.Path, "metrics.json")));

        var article = ArticleFiles.Read(TestPaths.Data("minicorpus", "articles", "m4.txt"), new AngleSharpArticleCleaner()) with
        {
            Published = new DateTimeOffset(2024, 9, 15, 0, 0, 0, TimeSpan.Zero),
        };
        using var first = MlNetIncidentExtractor.Load(dir.Path);
        var a = first.Extract(article);

        // Retraining with the same seed gives the same model, and loading it back predicts the same.
        using var dir2 = new TempDir();
        ModelTraining.TrainAndSave(TestPaths.Data("minicorpus"), dir2.Path, Small, NullLogger.Instance);
        using var second = MlNetIncidentExtractor.Load(dir2.Path);
        var b = second.Extract(article);
        Assert.Equal(a.Relevance, b.Relevance, 6);
        Assert.Equal(a.Incidents.Select(i => (i.Victim, i.Amount, i.Date, i.Actor)), b.Incidents.Select(i => (i.Victim, i.Amount, i.Date, i.Actor)));
    }

    [Fact]
    public void TrainAndSave_ActorModelReadsNumericFeaturesOnly_TheOthersTheContextWordsToo()
    {
        using var dir = new TempDir();
        ModelTraining.TrainAndSave(TestPaths.Data("minicorpus"), dir.Path, Small, NullLogger.Instance);
        using var bundle = ModelBundle.Load(dir.Path);
        var input = new MLContext().Data.LoadFromEnumerable(Array.Empty<CandidateInput>()).Schema;

        Assert.Null(bundle.Models[Decision.Actor].GetOutputSchema(input).GetColumnOrNull("Bag"));
        foreach (var decision in new[] { Decision.Relevance, Decision.Victim, Decision.Amount, Decision.Date, Decision.Mixer })
            Assert.NotNull(bundle.Models[decision].GetOutputSchema(input).GetColumnOrNull("Bag"));
    }

    [Fact]
    public void CrossValidateRepeated_RunsOneCrossValidationPerSeed_OverEveryArticle()
    {
        var runs = ModelTraining.CrossValidateRepeated(TestPaths.Data("minicorpus"), Small with { Seed = 5 }, 2, NullLogger.Instance);

        Assert.Equal([5, 6], runs.Select(r => r.Seed));
        Assert.All(runs, r => Assert.Equal(7, r.Report.Articles));
        // The same seed gives the same folds and trees, so a repeat of the first run reproduces it.
        var again = ModelTraining.CrossValidateRepeated(TestPaths.Data("minicorpus"), Small with { Seed = 5 }, 1, NullLogger.Instance).Single();
        Assert.Equal(runs[0].Report.Fields["victim"].Tp, again.Report.Fields["victim"].Tp);
        Assert.Equal(runs[0].Report.Fields["amount"].Fp, again.Report.Fields["amount"].Fp);
    }

    [Fact]
    public void CrossValidate_FoldsSideBySide_ScoreEveryArticleAsFoldsOneAfterAnother()
    {
        var oneByOne = ModelTraining.CrossValidate(TestPaths.Data("minicorpus"), Small with { Parallelism = 1 }, NullLogger.Instance);
        var sideBySide = ModelTraining.CrossValidate(TestPaths.Data("minicorpus"), Small with { Parallelism = 2 }, NullLogger.Instance);

        static string Show(EvaluationReport r) => string.Join("\n", r.Outcomes.OrderBy(o => o.Id).Select(o =>
            $"{o.Id} {o.Relevance:0.######} " + string.Join(";", o.Predicted.Select(i => $"{i.Victim}|{i.Amount}|{i.Date}|{i.Actor}|{i.Confidence}"))));
        Assert.Equal(7, sideBySide.Outcomes.Count);
        Assert.Equal(Show(oneByOne), Show(sideBySide));
    }

    [Fact]
    public void EvaluateSaved_NamesEachMissedVictimWithItsProbability()
    {
        using var dir = new TempDir();
        ModelTraining.TrainAndSave(TestPaths.Data("minicorpus"), dir.Path, Small with { Trees = 1, Leaves = 2 }, NullLogger.Instance);
        var report = ModelTraining.EvaluateSaved(TestPaths.Data("minicorpus"), dir.Path, NullLogger.Instance);

        var missed = report.Outcomes.SelectMany(o => o.MissedVictims.Select(m => (o, m))).ToList();
        Assert.NotEmpty(missed);
        foreach (var (o, (victim, probability)) in missed)
        {
            Assert.Contains(o.Gold, g => g.Victim == victim);
            Assert.DoesNotContain(o.Predicted, p => NewsMiner.Core.Extraction.Candidates.EntityRecognizer.SameName(p.Victim, victim));
            if (probability is { } pv) Assert.InRange(pv, 0, 1);
        }
        Assert.All(report.Outcomes.Where(o => o.AllRight), o => Assert.Empty(o.MissedVictims));
    }

    [Fact]
    public void Load_CorruptModelFile_SaysWhichFileAndHowToTrain()
    {
        using var dir = new TempDir();
        ModelTraining.TrainAndSave(TestPaths.Data("minicorpus"), dir.Path, Small, NullLogger.Instance);
        File.WriteAllBytes(Path.Combine(dir.Path, "victim.zip"), [1, 2, 3, 4, 5]);
        var ex = Assert.Throws<NewsMinerInputException>(() => MlNetIncidentExtractor.Load(dir.Path));
        Assert.EndsWith("victim.zip", ex.Input);
        Assert.Contains("corrupt", ex.Reason);
        Assert.Contains("newsminer train", ex.Reason);
    }

    [Fact]
    public void Load_MissingDirectory_SaysHowToTrain()
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => MlNetIncidentExtractor.Load("/nonexistent/models"));
        Assert.Contains("newsminer train", ex.Reason);
    }

    [Fact]
    public void ModelEvaluation_ScoresFieldsAgainstLabels()
    {
        GoldIncident[] gold = [new("BitoPro", 11_000_000m, "USD", "Lazarus Group", "2025-05-08", ["Tornado Cash", "THORChain"], true)];
        IncidentRecord[] predicted =
        [
            new() { Victim = "BitoPro exchange", Amount = 11_100_000m, Currency = "USD", Actor = "Lazarus Group", Date = "2025-05", Mixers = ["Tornado Cash"], Primary = true },
            new() { Victim = "Chainalysis", Amount = 5m, Currency = "ETH", Primary = false },
        ];
        var r = ModelEvaluation.Score(gold, predicted, 0.9);
        Assert.Equal((1, 1, 0), (r.Fields["victim"].Tp, r.Fields["victim"].Fp, r.Fields["victim"].Fn));
        Assert.Equal((1, 1, 0), (r.Fields["amount"].Tp, r.Fields["amount"].Fp, r.Fields["amount"].Fn));
        Assert.Equal(1, r.Fields["date"].Tp);
        Assert.Equal((1, 0, 1), (r.Fields["mixers"].Tp, r.Fields["mixers"].Fp, r.Fields["mixers"].Fn));
        Assert.Equal(1, r.PrimaryCorrect);
    }
}
