using System.Diagnostics;

namespace NewsMiner.Bench.Harness;

/// <summary>
/// Times engines on the same inputs in one process: <see cref="RunSettings.WarmUps"/> untimed warm-up passes each
/// (the first one's results are what suites score), then <see cref="RunSettings.Rounds"/> single-threaded rounds
/// and as many parallel rounds. Engines take turns within each round, in an order rotated every round, so drift (heap growth, JIT tiering, thermal state)
/// is shared between them rather than charged to whichever runs last. Each pass starts after a full, compacting
/// garbage collection.
/// </summary>
internal static class Runner
{
    /// <summary>Runs each engine once over the inputs, single-threaded, and returns its results in input order.</summary>
    public static object?[] WarmUp<T>(Workload<T> workload, IReadOnlyList<T> items)
    {
        var results = new object?[items.Count];
        for (var i = 0; i < items.Count; i++) results[i] = workload.Run(items[i]);
        return results;
    }

    /// <summary>Times the engines (warm-up first) and checks each one's parallel results against its warm-up results.</summary>
    public static IReadOnlyList<EngineRun> Measure<T>(
        IReadOnlyList<Workload<T>> workloads, IReadOnlyList<T> items, RunSettings settings, Action<string>? progress = null)
    {
        if (items.Count == 0) throw new ArgumentException("no inputs to time", nameof(items));
        var n = workloads.Count;
        var results = new object?[n][];
        for (var w = 0; w < n; w++)
        {
            progress?.Invoke($"warm-up {workloads[w].Name}");
            results[w] = WarmUp(workloads[w], items);
        }
        for (var pass = 1; pass < settings.WarmUps; pass++)
        {
            progress?.Invoke($"warm-up pass {pass + 1}/{settings.WarmUps}");
            foreach (var w in workloads) WarmUp(w, items);
        }

        var single = workloads.Select(_ => new Accumulator(items.Count, settings.Rounds)).ToArray();
        var parallel = workloads.Select(_ => new Accumulator(items.Count, settings.Rounds)).ToArray();
        for (var r = 0; r < settings.Rounds; r++)
        {
            progress?.Invoke($"round {r + 1}/{settings.Rounds}");
            for (var k = 0; k < n; k++)
            {
                var w = (k + r) % n;
                SinglePass(workloads[w], items, single[w]);
            }
            for (var k = 0; k < n; k++)
            {
                var w = (k + r) % n;
                ParallelPass(workloads[w], items, settings.Threads, parallel[w]);
            }
        }

        var measured = new List<EngineRun>();
        for (var w = 0; w < n; w++)
        {
            progress?.Invoke($"verify {workloads[w].Name} in parallel");
            var mismatches = VerifyParallel(workloads[w], items, results[w], settings.Threads);
            measured.Add(new EngineRun(new Measurement(workloads[w].Name, items.Count, settings.Rounds, settings.Threads,
                single[w].Stats(), parallel[w].Stats(), mismatches, null), results[w]));
        }
        return measured;
    }

    /// <summary>
    /// What a child process runs for the peak-working-set figure: the warm-up passes, one single-threaded pass and
    /// one parallel pass, the work the timing process does for each engine, with one round.
    /// </summary>
    public static void RunOnce<T>(Workload<T> workload, IReadOnlyList<T> items, RunSettings settings)
    {
        for (var pass = 0; pass < Math.Max(1, settings.WarmUps); pass++) WarmUp(workload, items);
        SinglePass(workload, items, new Accumulator(items.Count, 1));
        ParallelPass(workload, items, settings.Threads, new Accumulator(items.Count, 1));
    }

    private static void SinglePass<T>(Workload<T> workload, IReadOnlyList<T> items, Accumulator acc)
    {
        Settle();
        var gcs = Collections();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var latencies = new long[items.Count];
        var cpu = CpuTime();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < items.Count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            GC.KeepAlive(workload.Run(items[i]));
            latencies[i] = Stopwatch.GetTimestamp() - t;
        }
        var elapsed = Stopwatch.GetTimestamp() - start;
        acc.Add(elapsed, CpuTime() - cpu, latencies, GC.GetAllocatedBytesForCurrentThread() - allocated, gcs);
    }

    private static void ParallelPass<T>(Workload<T> workload, IReadOnlyList<T> items, int threads, Accumulator acc)
    {
        Settle();
        var gcs = Collections();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var latencies = new long[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var cpu = CpuTime();
        var start = Stopwatch.GetTimestamp();
        Parallel.ForEach(items, options, (item, _, i) =>
        {
            var t = Stopwatch.GetTimestamp();
            GC.KeepAlive(workload.Run(item));
            latencies[i] = Stopwatch.GetTimestamp() - t;
        });
        var elapsed = Stopwatch.GetTimestamp() - start;
        acc.Add(elapsed, CpuTime() - cpu, latencies, GC.GetTotalAllocatedBytes(precise: true) - allocated, gcs);
    }

    private static int VerifyParallel<T>(Workload<T> workload, IReadOnlyList<T> items, object?[] expected, int threads)
    {
        var want = expected.Select(workload.Fingerprint).ToArray();
        var mismatches = 0;
        Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = threads }, (item, _, i) =>
        {
            if (workload.Fingerprint(workload.Run(item)) != want[i]) Interlocked.Increment(ref mismatches);
        });
        return mismatches;
    }

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>The process's CPU time so far, user and system, all threads.</summary>
    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    /// <summary>Sums one engine's passes of one kind.</summary>
    private sealed class Accumulator(int items, int rounds)
    {
        private readonly List<double> _latencyMs = new(items * rounds);
        private readonly List<double> _roundRates = new(rounds);
        private long _elapsedTicks;
        private TimeSpan _cpu;
        private long _allocated;
        private int _count;
        private readonly int[] _gcs = new int[3];

        public void Add(long elapsedTicks, TimeSpan cpu, long[] latencies, long allocated, int[] gcsBefore)
        {
            _cpu += cpu;
            var after = Collections();
            for (var g = 0; g < 3; g++) _gcs[g] += after[g] - gcsBefore[g];
            _elapsedTicks += elapsedTicks;
            _allocated += allocated;
            _count += latencies.Length;
            _roundRates.Add(latencies.Length / Seconds(elapsedTicks));
            foreach (var l in latencies) _latencyMs.Add(Seconds(l) * 1000);
        }

        public PassStats Stats()
        {
            var sorted = _latencyMs.Order().ToArray();
            return new PassStats(
                ItemsPerSecond: _count / Seconds(_elapsedTicks),
                SlowestRoundItemsPerSecond: _roundRates.Min(),
                FastestRoundItemsPerSecond: _roundRates.Max(),
                MeanMs: sorted.Average(),
                CpuMsPerItem: _cpu.TotalMilliseconds / _count,
                P50Ms: Harness.Stats.Percentile(sorted, 0.50),
                P99Ms: Harness.Stats.Percentile(sorted, 0.99),
                MaxMs: sorted[^1],
                AllocatedBytesPerItem: (double)_allocated / _count,
                Gen0: _gcs[0],
                Gen1: _gcs[1],
                Gen2: _gcs[2],
                RoundItemsPerSecond: _roundRates.ToList());
        }

        private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
    }
}
