using System.CommandLine;
using System.Globalization;
using NewsMiner.Bench.Harness;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Training;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// Extraction speed on the labelled corpus: each article is cleaned once up front, then timed through
/// <see cref="MlNetIncidentExtractor.Extract"/> (candidates, features, the seven models). No quality figures:
/// the saved models were trained on this corpus, so its scores here would be training scores
/// (<c>newsminer evaluate</c> gives the cross-validated ones).
/// </summary>
internal static class ExtractSuite
{
    public const string Name = "extract";
    public const string Engine = "mlnet-extract";

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Labelled corpus directory (articles to extract from). Default corpus.", DefaultValueFactory = _ => "corpus" };
        var models = new Option<string>("--models") { Description = "Directory of the trained models. Default models.", DefaultValueFactory = _ => "models" };
        var options = new SuiteOptions();
        var command = new Command(Name, "Extract incidents from the corpus articles (cleaned up front) with the trained ML.NET models: speed, allocations, peak memory.") { corpus, models };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var corpusDir = parse.GetValue(corpus)!;
            var articles = Corpus.Load(corpusDir, new AngleSharpArticleCleaner()).Select(a => a.Article).ToList();
            var machine = MachineInfo.Current(typeof(MlNetIncidentExtractor), typeof(Microsoft.ML.MLContext));
            // One extractor for all threads: its prediction engines are per thread inside (ThreadLocal).
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            Workload<CleanedArticle>[] workloads = [new(Engine, a => extractor.Extract(a), Fingerprint)];
            if (SuiteHost.Run(Name, parse, options, machine, articles, workloads) is not { } run) return 0;

            var results = run.Engines[0].Results.Cast<ExtractionResult>().ToList();
            var withIncidents = results.Count(r => r.Incidents.Count > 0);
            var incidents = results.Sum(r => r.Incidents.Count);
            foreach (var line in SuiteHost.Header(run, $"{articles.Count} articles of {Path.GetFullPath(corpusDir)} (cleaned once up front), "
                + $"{Report.Bytes(articles.Sum(a => a.Text.Length * 2.0))} of text as UTF-16"))
                Console.WriteLine(line);
            Console.Write(Report.Table([.. SuiteHost.TimingHeaders, "articles with incidents", "incidents"],
                run.Engines.Select(e => (IReadOnlyList<string>)[.. SuiteHost.TimingCells(e.Figures), withIncidents.ToString(), incidents.ToString()])));
            foreach (var line in SuiteHost.Footnotes(run, "article")) Console.WriteLine(line);
            Console.WriteLine("Peak WS includes the loaded models in the baseline process too (it loads them before doing nothing).");

            if (parse.GetValue(options.Json) is { } json)
            {
                Report.WriteJson(json, new
                {
                    run.Suite, run.Machine, run.Settings, Articles = run.Inputs, Corpus = Path.GetFullPath(corpusDir),
                    run.BaselinePeakWorkingSetBytes, run.ProcessPeakWorkingSetBytes, run.LoadAverageAtEnd, run.AvailableCoresAtStart, run.AvailableCoresAtEnd, run.OtherWorkCores,
                    Engines = run.Engines.Select(e => e.Figures),
                    ArticlesWithIncidents = withIncidents,
                    Incidents = incidents,
                });
                SuiteHost.Progress($"wrote {json}");
            }
            return 0;
        });
        return command;
    }

    private static string Fingerprint(object? result) => result is ExtractionResult r
        ? r.Relevance.ToString("R", CultureInfo.InvariantCulture) + ";" + string.Join(";", r.Incidents.Select(i =>
            $"{i.Victim}|{i.Amount}|{i.Currency}|{i.Actor}|{i.Date}|{string.Join(',', i.Mixers)}|{i.Primary}|{i.Confidence.ToString("R", CultureInfo.InvariantCulture)}"))
        : "";
}
