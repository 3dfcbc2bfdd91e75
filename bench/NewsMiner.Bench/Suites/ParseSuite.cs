using System.CommandLine;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using NewsMiner.Bench.Engines;
using NewsMiner.Bench.Harness;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// What the floor of cleaning is made of, on the benchmark's pages: decoding the bytes, AngleSharp's parse of the
/// decoded string, and AngleSharp's parse from the bytes (its own encoding detection).
/// </summary>
internal static class ParseSuite
{
    public const string Name = "parse";

    public static Command Create()
    {
        var pages = new Option<string>("--pages")
        {
            Description = "The article-extraction benchmark folder (ground-truth.json + html/). Default ../shared/benchmarks/article-extraction, from the working directory.",
            DefaultValueFactory = _ => BenchPages.DefaultDirectory,
        };
        var options = new SuiteOptions();
        var command = new Command(Name, "Decode and parse the benchmark pages with AngleSharp: the floor under every cleaner here.") { pages };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(pages)!;
            var inputs = BenchPages.Load(dir);
            var machine = MachineInfo.Current(typeof(HtmlParser));
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            Workload<BenchPage>[] workloads =
            [
                new("utf8-decode", p => utf8.GetString(p.Bytes), r => (r as string)?.Length.ToString() ?? ""),
                CleaningEngines.Parse(),
                new("anglesharp-parse-bytes", p => new HtmlParser().ParseDocument(new MemoryStream(p.Bytes, writable: false)),
                    r => r is IHtmlDocument d ? d.All.Length.ToString() : ""),
            ];
            if (SuiteHost.Run(Name, parse, options, machine, inputs, workloads) is not { } run) return 0;

            foreach (var line in SuiteHost.Header(run, $"{inputs.Count} pages of {Path.GetFullPath(dir)}, {Report.Bytes((double)inputs.Sum(p => p.Bytes.LongLength))} of HTML"))
                Console.WriteLine(line);
            Console.Write(Report.Table(SuiteHost.TimingHeaders, run.Engines.Select(e => (IReadOnlyList<string>)SuiteHost.TimingCells(e.Figures))));
            foreach (var line in SuiteHost.Footnotes(run, "page")) Console.WriteLine(line);
            Console.WriteLine("anglesharp-parse parses the string decoded up front (as the clean suite's floor does); anglesharp-parse-bytes lets AngleSharp detect the encoding and decode.");

            if (parse.GetValue(options.Json) is { } json)
            {
                Report.WriteJson(json, new
                {
                    run.Suite, run.Machine, run.Settings, Pages = run.Inputs, PagesDirectory = Path.GetFullPath(dir),
                    run.BaselinePeakWorkingSetBytes, run.ProcessPeakWorkingSetBytes, run.LoadAverageAtEnd, run.AvailableCoresAtStart, run.AvailableCoresAtEnd, run.OtherWorkCores,
                    Engines = run.Engines.Select(e => e.Figures),
                });
                SuiteHost.Progress($"wrote {json}");
            }
            return 0;
        });
        return command;
    }
}
