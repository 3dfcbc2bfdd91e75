namespace NewsMiner.Bench.Harness;

/// <summary>
/// One engine to time: a name and a call on one input. The harness keeps what the call returns only for scoring
/// and checking (warm-up and verification passes), never inside a timed pass.
/// </summary>
/// <param name="Name">Short, kebab-case; used in tables, JSON and the child-process option.</param>
/// <param name="Run">The work for one input. Expected per-input failures are the engine's to turn into a result.</param>
/// <param name="Fingerprint">A cheap summary of a result, compared between the single-threaded warm-up and an
/// untimed parallel pass to catch engines that are not safe to share between threads.</param>
internal sealed record Workload<T>(string Name, Func<T, object?> Run, Func<object?, string> Fingerprint);

/// <summary>How a suite is timed; defaults in one place, changed with <c>with</c>.</summary>
internal sealed record RunSettings
{
    public static readonly RunSettings Default = new();

    /// <summary>
    /// Untimed single-threaded passes per engine before timing. Default 3: on few cores the tiered JIT promotes hot
    /// code in the background for several passes, and one pass left the first timed rounds visibly slower.
    /// </summary>
    public int WarmUps { get; init; } = 3;

    /// <summary>Timed passes over all inputs per engine, single-threaded and again in parallel. Default 5.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Degree of parallelism of the parallel passes. Default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Measure each engine's peak working set in a fresh child process. Default true.</summary>
    public bool ChildMemory { get; init; } = true;
}
