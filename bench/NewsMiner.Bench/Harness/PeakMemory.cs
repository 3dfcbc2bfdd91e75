using System.Diagnostics;
using System.Text.Json;
using NewsMiner.Core;

namespace NewsMiner.Bench.Harness;

/// <summary>
/// Peak working set per engine. One process that runs every engine can only report the peak of all of them, so
/// each engine runs again, alone, in a fresh process of this program (same suite and options, plus the hidden
/// <see cref="ChildOption"/>), which reports its <see cref="Process.PeakWorkingSet64"/> as one JSON line.
/// The engine <see cref="Baseline"/> does no work: its figure is what loading the inputs and the runtime cost.
/// </summary>
internal static class PeakMemory
{
    public const string ChildOption = "--child-engine";
    public const string Baseline = "none";

    internal sealed record ChildReport(string Engine, long PeakWorkingSetBytes, long InputsLoadedWorkingSetBytes);

    /// <summary>Runs <paramref name="suiteArgs"/> (the suite name first) again in a child for each engine.</summary>
    public static IReadOnlyDictionary<string, ChildReport> Measure(IReadOnlyList<string> suiteArgs, IEnumerable<string> engines, Action<string>? progress = null)
    {
        var reports = new Dictionary<string, ChildReport>();
        foreach (var engine in engines.Prepend(Baseline))
        {
            progress?.Invoke($"peak working set: {engine} in a child process");
            reports[engine] = RunChild(suiteArgs, engine);
        }
        return reports;
    }

    /// <summary>In the child: runs the engine's work once and prints the report on stdout.</summary>
    public static void ReportFromChild<T>(Workload<T> workload, IReadOnlyList<T> items, RunSettings settings)
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var loaded = self.WorkingSet64;
        Runner.RunOnce(workload, items, settings);
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new ChildReport(workload.Name, self.PeakWorkingSet64, loaded), JsonOptions.Compact));
    }

    /// <summary>The workload of the baseline child: touches nothing.</summary>
    public static Workload<T> Nothing<T>() => new(Baseline, _ => null, _ => "");

    private static ChildReport RunChild(IReadOnlyList<string> suiteArgs, string engine)
    {
        var last = SelfProcess.RunForLastLine([.. suiteArgs, ChildOption, engine], $"engine '{engine}'");
        return JsonSerializer.Deserialize<ChildReport>(last, JsonOptions.Compact)
            ?? throw new InvalidOperationException($"the child process for engine '{engine}' printed no report: {last}");
    }
}
