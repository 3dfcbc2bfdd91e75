using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace NewsMiner.Bench.Harness;

/// <summary>What the figures were measured on; printed above every table and written into every JSON file.</summary>
internal sealed record MachineInfo(
    string Cpu,
    int Cores,
    long MemoryBytes,
    string Os,
    string Runtime,
    string Gc,
    string Build,
    IReadOnlyDictionary<string, string> Libraries,
    string? LoadAverageAtStart,
    DateTimeOffset MeasuredAt)
{
    /// <summary>The current machine; <paramref name="libraries"/> are types whose assembly versions are reported.</summary>
    public static MachineInfo Current(params Type[] libraries) => new(
        Cpu: CpuModel(),
        Cores: Environment.ProcessorCount,
        MemoryBytes: GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Os: RuntimeInformation.OSDescription,
        Runtime: $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        Gc: $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {(AppContext.TryGetSwitch("System.GC.Concurrent", out var c) && !c ? "non-concurrent" : "concurrent")}",
        Build: BuildConfiguration(),
        Libraries: libraries.Select(t => t.Assembly.GetName().Name!).Distinct()
            .ToDictionary(n => n, n => Version(libraries.First(t => t.Assembly.GetName().Name == n).Assembly)),
        LoadAverageAtStart: LoadAverage(),
        MeasuredAt: DateTimeOffset.UtcNow);

    /// <summary>A warning when the figures would not be worth keeping (a Debug build or a debugger attached).</summary>
    public string? Warning =>
        Build != "Release" ? "WARNING: Debug build; run with -c Release for figures worth keeping." :
        Debugger.IsAttached ? "WARNING: a debugger is attached." : null;

    public IEnumerable<string> HeaderLines()
    {
        yield return $"- machine: {Cpu}, {Cores} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB available to .NET";
        yield return $"- OS: {Os}; runtime: {Runtime}; GC: {Gc}; build: {Build}";
        yield return $"- libraries: {string.Join(", ", Libraries.Select(kv => $"{kv.Key} {kv.Value}"))}";
        yield return $"- measured: {MeasuredAt:yyyy-MM-dd HH:mm} UTC; load average (1, 5, 15 min) at start: {LoadAverageAtStart ?? "n/a"}";
    }

    /// <summary>The 1, 5 and 15-minute load averages (Linux), to show whether other work shared the machine.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException) { return null; }
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Version(Assembly a)
    {
        var v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "?";
        var plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }

#if DEBUG
    private static string BuildConfiguration() => "Debug";
#else
    private static string BuildConfiguration() => "Release";
#endif
}
