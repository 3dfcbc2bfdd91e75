using System.Diagnostics;

namespace NewsMiner.Bench.Harness;

/// <summary>
/// How many cores this process could actually get: N threads spin on an allocation-free loop for a fixed wall time,
/// and the process CPU time they were given, divided by that time, is the answer. On an idle machine it is N; when
/// other work shares the cores it drops, and parallel rates drop with it.
/// </summary>
internal static class CoreCheck
{
    private static double _sink;

    public static double AvailableCores(int threads, TimeSpan duration)
    {
        var cpu = Runner.CpuTime();
        var clock = Stopwatch.StartNew();
        var spinners = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var x = 0.0;
            while (clock.Elapsed < duration)
                for (var i = 1; i < 10_000; i++) x += Math.Sqrt(i);
            Volatile.Write(ref _sink, x);
        })).ToList();
        foreach (var t in spinners) t.Start();
        foreach (var t in spinners) t.Join();
        return (Runner.CpuTime() - cpu) / clock.Elapsed;
    }
}
