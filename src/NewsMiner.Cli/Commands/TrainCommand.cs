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
        var flags = new CommonOptions.TrainingFlags();
        var cmd = new Command("train", "Train the extraction models from the labelled corpus (cross-validates first, then trains on all).") { corpus, output };
        flags.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommonOptions.Guard(() =>
        {
            using var logging = CommonOptions.Logging(parse);
            var options = flags.Read(parse);
            var result = ModelTraining.TrainAndSave(parse.GetValue(corpus)!, parse.GetValue(output)!, options, logging.CreateLogger("train"), ct);
            Console.WriteLine($"trained on {result.Articles} articles in {result.Elapsed.TotalSeconds:0.0}s; models in {result.OutputDirectory}");
            EvaluateCommand.Print(result.CrossValidation, "cross-validation (grouped by incident)");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
