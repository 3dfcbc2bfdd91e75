using System.CommandLine;
using System.Diagnostics;

namespace NewsMiner.Bench.Harness;

/// <summary>Everything a suite measured, before it adds its own figures (quality, counts).</summary>
internal sealed record SuiteRun(
    string Suite,
    MachineInfo Machine,
    RunSettings Settings,
    int Inputs,
    IReadOnlyList<EngineRun> Engines,
    long? BaselinePeakWorkingSetBytes,
    long ProcessPeakWorkingSetBytes,
    string? LoadAverageAtEnd,
    double AvailableCoresAtStart,
    double AvailableCoresAtEnd,
    double? OtherWorkCores);

/// <summary>
/// The flow every suite shares: when started as a child (hidden <see cref="PeakMemory.ChildOption"/>), run one
/// engine and report its peak working set; otherwise time every engine in this process, then measure each
/// one's peak working set in a child process.
/// </summary>
internal static class SuiteHost
{
    /// <summary>Returns null when this process was a child and has reported.</summary>
    /// <remarks>A child runs the warm-up passes, one single-threaded and one parallel pass of its engine.</remarks>
    /// <param name="childArgs">The suite's command line for the child processes; default: as the user typed it. A suite
    /// that measures several input sets in one invocation passes the one set the child is to load.</param>
    public static SuiteRun? Run<T>(string suite, ParseResult parse, SuiteOptions options, MachineInfo machine,
        IReadOnlyList<T> inputs, IReadOnlyList<Workload<T>> workloads, IReadOnlyList<string>? childArgs = null)
    {
        var settings = options.Settings(parse);
        if (parse.GetValue(options.ChildEngine) is { } engine)
        {
            var workload = engine == PeakMemory.Baseline ? PeakMemory.Nothing<T>()
                : workloads.FirstOrDefault(w => w.Name == engine) ?? throw new ArgumentException($"no engine '{engine}' in suite {suite}");
            PeakMemory.ReportFromChild(workload, inputs, settings);
            return null;
        }

        if (machine.Warning is { } warning) Progress(warning);
        var coresAtStart = CoreCheck.AvailableCores(settings.Threads, CoreCheckTime);
        var machineBusy = CoreCheck.MachineBusyTime();
        var ownBusy = Runner.CpuTime();
        var clock = Stopwatch.StartNew();
        var measured = Runner.Measure(workloads, inputs, settings, Progress);
        double? otherWork = CoreCheck.MachineBusyTime() - machineBusy is { } machineDelta
            ? Math.Max(0, (machineDelta - (Runner.CpuTime() - ownBusy)) / clock.Elapsed)
            : null;
        using var self = Process.GetCurrentProcess();
        var processPeak = self.PeakWorkingSet64;
        var loadAtEnd = MachineInfo.LoadAverage();
        var coresAtEnd = CoreCheck.AvailableCores(settings.Threads, CoreCheckTime);

        long? baseline = null;
        if (settings.ChildMemory)
        {
            var peaks = PeakMemory.Measure(childArgs ?? SuiteOptions.SuiteArgs(parse), workloads.Select(w => w.Name), Progress);
            baseline = peaks[PeakMemory.Baseline].PeakWorkingSetBytes;
            measured = measured.Select(m => m with { Figures = m.Figures with { PeakWorkingSetBytes = peaks[m.Figures.Engine].PeakWorkingSetBytes } }).ToList();
        }
        return new SuiteRun(suite, machine, settings, inputs.Count, measured, baseline, processPeak, loadAtEnd, coresAtStart, coresAtEnd, otherWork);
    }

    private static readonly TimeSpan CoreCheckTime = TimeSpan.FromSeconds(1);

    /// <summary>Progress goes to stderr so stdout carries only the report.</summary>
    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>The header every suite's report starts with.</summary>
    public static IEnumerable<string> Header(SuiteRun run, string inputs)
    {
        yield return $"## NewsMiner bench: {run.Suite}";
        yield return "";
        foreach (var line in run.Machine.HeaderLines()) yield return line;
        yield return $"- inputs: {inputs}";
        yield return $"- method: {Plural(run.Settings.WarmUps, "warm-up pass")} per engine, then {Plural(run.Settings.Rounds, "timed round")} single-threaded "
            + $"and {run.Settings.Rounds} with Parallel.ForEach over {Plural(run.Settings.Threads, "thread")}, engines taking turns in each round, in one process; "
            + "latency = wall-clock time per call";
        if (run.Machine.Warning is { } w) yield return $"- {w}";
        yield return "";
    }

    private static string Plural(int n, string noun) => n == 1 ? $"{n} {noun}" : $"{n} {noun}{(noun.EndsWith('s') ? "es" : "s")}";

    /// <summary>The timing columns every suite's table has, in this order.</summary>
    public static readonly string[] TimingHeaders =
        ["engine", "items/s 1 thread", "items/s N threads", "cores busy (N threads)", "mean ms", "p99 ms", "CPU ms/item", "alloc/item", "peak WS"];

    public static string[] TimingCells(Measurement m) =>
    [
        m.Engine,
        $"{Report.Number(m.Single.ItemsPerSecond)} ({Report.Number(m.Single.SlowestRoundItemsPerSecond)}–{Report.Number(m.Single.FastestRoundItemsPerSecond)})",
        $"{Report.Number(m.Parallel.ItemsPerSecond)} ({Report.Number(m.Parallel.SlowestRoundItemsPerSecond)}–{Report.Number(m.Parallel.FastestRoundItemsPerSecond)})",
        Report.Number(m.Parallel.CpuMsPerItem * m.Parallel.ItemsPerSecond / 1000, "0.00"),
        Report.Number(m.Single.MeanMs, "0.00"),
        Report.Number(m.Single.P99Ms, "0.00"),
        Report.Number(m.Single.CpuMsPerItem, "0.00"),
        Report.Bytes(m.Single.AllocatedBytesPerItem),
        Report.OptionalBytes(m.PeakWorkingSetBytes),
    ];

    /// <summary>Notes under every suite's table.</summary>
    public static IEnumerable<string> Footnotes(SuiteRun run, string item)
    {
        yield return "";
        yield return $"Rates are {item}s per second over all timed rounds (slowest–fastest round in brackets); \"N threads\" = {run.Settings.Threads}. "
            + "Mean and p99 are wall-clock ms per call, single-threaded; CPU ms/item is the process's CPU time (engine, GC, JIT) per call, single-threaded, "
            + "which leaves out time spent waiting for a core; alloc/item is managed bytes allocated per call, single-threaded.";
        if (run.BaselinePeakWorkingSetBytes is { } b)
            yield return $"Peak WS: peak working set of a fresh process running that engine alone (the warm-up passes, one single-threaded and one parallel pass); "
                + $"a process that only loads the inputs peaks at {Report.Bytes((double)b)}. This process, all engines: {Report.Bytes((double)run.ProcessPeakWorkingSetBytes)}.";
        else
            yield return $"Peak WS not measured per engine (--no-child-memory); this process, all engines: {Report.Bytes((double)run.ProcessPeakWorkingSetBytes)}.";
        yield return $"Cores busy = process CPU time / wall time in the parallel passes. A spin check ({run.Settings.Threads} threads, 1 s) got "
            + $"{Report.Number(run.AvailableCoresAtStart, "0.00")} cores before timing and {Report.Number(run.AvailableCoresAtEnd, "0.00")} after: "
            + "fewer than the thread count means other work shared the machine. "
            + (run.OtherWorkCores is { } other ? $"Other processes used {Report.Number(other, "0.00")} cores on average while the engines were timed. " : "")
            + $"Load average (1, 5, 15 min) at the end: {run.LoadAverageAtEnd ?? "n/a"}.";
        foreach (var e in run.Engines.Where(e => e.Figures.ParallelMismatches > 0))
            yield return $"WARNING: {e.Figures.Engine} gave different results for {e.Figures.ParallelMismatches} {item}s in parallel: its parallel figures are not trustworthy.";
    }
}
