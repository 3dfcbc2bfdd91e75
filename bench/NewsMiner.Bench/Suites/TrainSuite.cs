using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NewsMiner.Bench.Harness;
using NewsMiner.Core.Training;

namespace NewsMiner.Bench.Suites;

/// <summary>
/// The time of <c>newsminer train</c> on the corpus: <see cref="ModelTraining.TrainAndSave"/> (load and clean the
/// corpus, cross-validate, train every model on all of it, save) into a temporary folder, with the phases it logs.
/// </summary>
internal static class TrainSuite
{
    public const string Name = "train";

    /// <summary>Issue 7's goal.</summary>
    private static readonly TimeSpan Goal = TimeSpan.FromMinutes(5);

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Labelled corpus to train on. Default corpus.", DefaultValueFactory = _ => "corpus" };
        var json = new Option<string?>("--json") { Description = "Also write the figures to this JSON file." };
        var command = new Command(Name, "Time the train command's work (cross-validation, then training on the whole corpus, saving the models) on the corpus.") { corpus, json };
        command.SetAction(parse =>
        {
            var corpusDir = parse.GetValue(corpus)!;
            var machine = MachineInfo.Current(typeof(ModelTraining), typeof(Microsoft.ML.MLContext), typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer));
            if (machine.Warning is { } warning) SuiteHost.Progress(warning);
            var outDir = Path.Combine(Path.GetTempPath(), "newsminer-bench-train-" + Guid.NewGuid().ToString("N"));
            var clock = new Stopwatch();
            var logger = new PhaseLogger(clock);
            TrainingResult result;
            TimeSpan cpu;
            long allocated;
            try
            {
                var cpuBefore = Runner.CpuTime();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                clock.Start();
                result = ModelTraining.TrainAndSave(corpusDir, outDir, TrainingOptions.Default, logger);
                clock.Stop();
                cpu = Runner.CpuTime() - cpuBefore;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            }
            finally
            {
                try { if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true); } catch (IOException) { }
            }
            using var self = Process.GetCurrentProcess();
            var peak = self.PeakWorkingSet64;
            var options = TrainingOptions.Default;

            Console.WriteLine($"## NewsMiner bench: {Name}");
            Console.WriteLine();
            foreach (var line in machine.HeaderLines()) Console.WriteLine(line);
            Console.WriteLine($"- inputs: {result.Articles} labelled articles of {Path.GetFullPath(corpusDir)}; default settings (seed {options.Seed}, {options.Folds} folds, "
                + $"{options.Trees} trees, {options.Leaves} leaves)");
            Console.WriteLine("- method: ModelTraining.TrainAndSave, the train command's work, once, in this process; models written to a temporary folder and deleted");
            if (machine.Warning is { } w) Console.WriteLine("- " + w);
            Console.WriteLine();
            Console.Write(Report.Table(["phase", "ends at s", "s"], logger.Phases(clock.Elapsed).Select(p => (IReadOnlyList<string>)
                [p.Name, Report.Number(p.End, "0.0"), Report.Number(p.Seconds, "0.0")])));
            Console.WriteLine();
            Console.Write(Report.Table(["wall s", "CPU s", "cores busy", "allocated", "peak WS"],
                [[Report.Number(clock.Elapsed.TotalSeconds, "0.0"), Report.Number(cpu.TotalSeconds, "0.0"), Report.Number(cpu / clock.Elapsed, "0.00"),
                    Report.Bytes(allocated), Report.Bytes(peak)]]));
            Console.WriteLine();
            Console.WriteLine($"Load average (1, 5, 15 min) at the end: {MachineInfo.LoadAverage() ?? "n/a"}.");
            var goal = $"Goal (issue 7) train ≤ {Goal.TotalMinutes:0} minutes on the corpus: {clock.Elapsed.TotalMinutes:0.0} min: " + (clock.Elapsed <= Goal ? "MET" : "MISSED");
            Console.WriteLine(goal);

            if (parse.GetValue(json) is { } path)
            {
                Report.WriteJson(path, new
                {
                    Suite = Name, Machine = machine, result.Articles, Corpus = Path.GetFullPath(corpusDir), Options = options,
                    WallSeconds = clock.Elapsed.TotalSeconds, CpuSeconds = cpu.TotalSeconds, AllocatedBytes = allocated, PeakWorkingSetBytes = peak,
                    Phases = logger.Phases(clock.Elapsed), Goal = goal,
                });
                SuiteHost.Progress($"wrote {path}");
            }
            return 0;
        });
        return command;
    }

    internal sealed record Phase(string Name, double End, double Seconds);

    /// <summary>Shows the trainer's log on stderr and notes when each logged step ended, for the phase table.</summary>
    private sealed class PhaseLogger(Stopwatch clock) : ILogger
    {
        private readonly List<(string Message, double At)> _marks = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            lock (_marks) _marks.Add((message, clock.Elapsed.TotalSeconds));
            SuiteHost.Progress(message);
        }

        /// <summary>Each logged step as a phase that ends when it was logged; what follows the last one is "save".</summary>
        public IReadOnlyList<Phase> Phases(TimeSpan total)
        {
            var phases = new List<Phase>();
            var start = 0.0;
            foreach (var (message, at) in _marks)
            {
                // The folds and the fit on all articles run side by side and the folds are logged together at the end:
                // one phase for all of them.
                if (message.StartsWith("Fold", StringComparison.Ordinal) && phases.Count > 0 && phases[^1].Name.StartsWith("cross-validation", StringComparison.Ordinal))
                {
                    phases[^1] = phases[^1] with { End = at, Seconds = phases[^1].Seconds + (at - start) };
                    start = at;
                    continue;
                }
                var name = message.StartsWith("Loaded", StringComparison.Ordinal) ? "load and clean the corpus"
                    : message.StartsWith("Fold", StringComparison.Ordinal) ? "cross-validation (candidates, 5 folds) and the fit on all articles, side by side"
                    : message.StartsWith("Wrote", StringComparison.Ordinal) ? "save the models"
                    : message;
                phases.Add(new Phase(name, at, at - start));
                start = at;
            }
            if (total.TotalSeconds - start > 0.05) phases.Add(new Phase("rest", total.TotalSeconds, total.TotalSeconds - start));
            return phases;
        }
    }
}
