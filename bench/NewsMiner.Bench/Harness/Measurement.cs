namespace NewsMiner.Bench.Harness;

/// <summary>Figures of one engine's timed passes of one kind (single-threaded or parallel).</summary>
/// <param name="ItemsPerSecond">All timed items over all timed wall-clock time.</param>
/// <param name="SlowestRoundItemsPerSecond">The slowest round's rate, to show the spread.</param>
/// <param name="FastestRoundItemsPerSecond">The fastest round's rate.</param>
/// <param name="MeanMs">Mean wall-clock time of one call.</param>
/// <param name="CpuMsPerItem">Process CPU time (user + system, all threads: the engine, the GC, the JIT) over the
/// passes, per call. Time spent waiting for a core does not count, so it moves less than wall-clock figures when
/// other work shares the machine.</param>
/// <param name="AllocatedBytesPerItem">Managed bytes allocated per call (this thread's counter single-threaded,
/// the process's precise counter in parallel).</param>
/// <param name="RoundItemsPerSecond">Each round's rate, in order.</param>
/// <param name="Gen0">Collections during the timed passes (likewise Gen1, Gen2).</param>
internal sealed record PassStats(
    double ItemsPerSecond,
    double SlowestRoundItemsPerSecond,
    double FastestRoundItemsPerSecond,
    double MeanMs,
    double CpuMsPerItem,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double AllocatedBytesPerItem,
    int Gen0,
    int Gen1,
    int Gen2,
    IReadOnlyList<double> RoundItemsPerSecond);

/// <summary>One engine's figures.</summary>
/// <param name="ParallelMismatches">Inputs whose result in an untimed parallel pass differed from the
/// single-threaded one (non-zero means the parallel figures are not to be trusted).</param>
/// <param name="PeakWorkingSetBytes">Peak working set of a fresh process running this engine alone, or null when not measured.</param>
internal sealed record Measurement(
    string Engine,
    int Items,
    int Rounds,
    int Threads,
    PassStats Single,
    PassStats Parallel,
    int ParallelMismatches,
    long? PeakWorkingSetBytes);

/// <summary>One engine's figures and its first warm-up pass's results (input order), for the suite to score.</summary>
internal sealed record EngineRun(Measurement Figures, object?[] Results);

internal static class Stats
{
    /// <summary>Nearest-rank percentile of sorted values (p in 0..1).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
