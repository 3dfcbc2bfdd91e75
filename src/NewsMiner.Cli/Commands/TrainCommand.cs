using System.CommandLine;
using Microsoft.Extensions.Logging;
using NewsMiner.Core.Training;

namespace NewsMiner.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var corpus = CommonOptions.Corpus();
        var output = new Option<string>("--out") { Description = "Directory the models and their manifest are written to.", DefaultValueFactory = _ => "models" };
        var seed = new Option<int>("--seed") { Description = "Random seed (training is reproducible for a given corpus and seed).", DefaultValueFactory = _ => TrainingOptions.Default.Seed };
        var cmd = new Command("train", "Train the extraction models from the labelled corpus (cross-validates first, then trains on all).") { corpus, output, seed };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            using var logging = CommonOptions.Logging(parse);
            var options = TrainingOptions.Default with { Seed = parse.GetValue(seed) };
            var result = ModelTraining.TrainAndSave(parse.GetValue(corpus)!, parse.GetValue(output)!, options, logging.CreateLogger("train"), ct);
            Console.WriteLine($"trained on {result.Articles} articles in {result.Elapsed.TotalSeconds:0.0}s; models in {result.OutputDirectory}");
            EvaluateCommand.Print(result.CrossValidation, "cross-validation (grouped by incident)");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
