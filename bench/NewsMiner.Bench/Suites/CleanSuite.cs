using System.CommandLine;
using AngleSharp.Html.Parser;
using NewsMiner.Bench.Engines;
using NewsMiner.Bench.Harness;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Cleaning.Evaluation;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// Cleaning speed, memory and quality on the article-extraction benchmark's pages: NewsMiner's cleaner, a bare
/// AngleSharp parse (the floor: every engine here parses with AngleSharp first) and SmartReader, same inputs,
/// same harness, same process.
/// </summary>
internal static class CleanSuite
{
    public const string Name = "clean";

    public static Command Create()
    {
        var pages = new Option<string>("--pages")
        {
            Description = "The article-extraction benchmark folder (ground-truth.json + html/). Default ../shared/benchmarks/article-extraction, from the working directory.",
            DefaultValueFactory = _ => BenchPages.DefaultDirectory,
        };
        var options = new SuiteOptions();
        var command = new Command(Name, "Clean the benchmark pages with NewsMiner, a bare AngleSharp parse and SmartReader: speed, allocations, peak memory, F1/P/R/accuracy.") { pages };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(pages)!;
            var inputs = BenchPages.Load(dir);
            var machine = MachineInfo.Current(typeof(AngleSharpArticleCleaner), typeof(HtmlParser), typeof(SmartReader.Reader));
            var workloads = new[] { CleaningEngines.NewsMinerClean(), CleaningEngines.Parse(), CleaningEngines.SmartReaderArticle() };
            if (SuiteHost.Run(Name, parse, options, machine, inputs, workloads) is not { } run) return 0;

            var rows = run.Engines.Select(e => Score(e, inputs)).ToList();
            foreach (var line in SuiteHost.Header(run, $"{inputs.Count} pages of {Path.GetFullPath(dir)}, {Report.Bytes((double)inputs.Sum(p => p.Bytes.LongLength))} of HTML, decoded to strings once up front"))
                Console.WriteLine(line);
            Console.Write(Report.Table(
                [.. SuiteHost.TimingHeaders, "F1", "P", "R", "acc", "failed"],
                rows.Select(r => (IReadOnlyList<string>)[
                    .. SuiteHost.TimingCells(r.Engine.Figures),
                    .. r.Quality is { } q
                        ? new[] { Report.Number(q.F1, "0.000") + " ± " + Report.Number(q.F1StdDev, "0.000"), Report.Number(q.Precision, "0.000"), Report.Number(q.Recall, "0.000"), Report.Number(q.Accuracy, "0.000") }
                        : ["—", "—", "—", "—"],
                    r.Failed.ToString(),
                ])));
            foreach (var line in SuiteHost.Footnotes(run, "page")) Console.WriteLine(line);
            Console.WriteLine("Quality: the benchmark's metric (NewsMiner.Core TextMetric: 4-token shingles; F1 ± bootstrap SD) on each engine's warm-up output; "
                + "newsminer = CleanedArticle.Text, smartreader = Article.TextContent. anglesharp-parse yields a DOM, not text. "
                + "failed = pages NewsMiner refused, or SmartReader returned with errors.");

            if (parse.GetValue(options.Json) is { } json)
            {
                Report.WriteJson(json, new
                {
                    run.Suite,
                    run.Machine,
                    run.Settings,
                    Pages = run.Inputs,
                    PagesDirectory = Path.GetFullPath(dir),
                    run.BaselinePeakWorkingSetBytes,
                    run.ProcessPeakWorkingSetBytes,
                    run.LoadAverageAtEnd, run.AvailableCoresAtStart, run.AvailableCoresAtEnd, run.OtherWorkCores,
                    Engines = rows.Select(r => new
                    {
                        r.Engine.Figures,
                        Quality = r.Quality is { } q ? new { q.Pages, q.F1, q.Precision, q.Recall, q.Accuracy, q.F1StdDev } : null,
                        r.Failed,
                    }),
                });
                SuiteHost.Progress($"wrote {json}");
            }
            return 0;
        });
        return command;
    }

    private sealed record Row(EngineRun Engine, TextScores? Quality, int Failed);

    private static Row Score(EngineRun engine, IReadOnlyList<BenchPage> pages)
    {
        var failed = engine.Results.Count(CleaningEngines.Failed);
        if (engine.Figures.Engine == CleaningEngines.AngleSharpParse) return new Row(engine, null, failed);
        var scores = pages.Select((p, i) => TextMetric.Score(p.Id, CleaningEngines.Text(engine.Results[i]), p.Truth)).ToList();
        return new Row(engine, TextMetric.Aggregate(scores), failed);
    }
}
