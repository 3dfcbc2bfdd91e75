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

    /// <summary>
    /// CPU time spent by the whole machine so far (all processes, user + system; Linux <c>/proc/stat</c>), or null
    /// elsewhere. Set against this process's own CPU time over the same interval, it shows how much other work ran.
    /// </summary>
    public static TimeSpan? MachineBusyTime()
    {
        try
        {
            if (!File.Exists("/proc/stat")) return null;
            var first = File.ReadLines("/proc/stat").First();
            // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
            var f = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f.Length > 7 ? f[7] : 0);
            return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException) { return null; }
    }

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
