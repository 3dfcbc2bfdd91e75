using System.CommandLine;

namespace NewsMiner.Bench.Harness;

/// <summary>The options every suite takes, and the hidden one its child processes get.</summary>
internal sealed class SuiteOptions
{
    public Option<int> Rounds { get; } = new("--rounds")
    {
        Description = "Timed passes over all inputs per engine, single-threaded and again in parallel, after the warm-up passes. Default 5.",
        DefaultValueFactory = _ => RunSettings.Default.Rounds,
    };

    public Option<int> WarmUps { get; } = new("--warmups")
    {
        Description = "Untimed passes over all inputs per engine before timing. Default 3.",
        DefaultValueFactory = _ => RunSettings.Default.WarmUps,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Degree of parallelism of the parallel passes. Default: all cores.",
        DefaultValueFactory = _ => RunSettings.Default.Threads,
    };

    public Option<string?> Json { get; } = new("--json") { Description = "Also write the figures to this JSON file." };

    public Option<bool> NoChildMemory { get; } = new("--no-child-memory")
    {
        Description = "Skip the child processes that measure each engine's peak working set.",
    };

    public Option<string?> ChildEngine { get; } = new(PeakMemory.ChildOption) { Hidden = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Rounds);
        command.Options.Add(WarmUps);
        command.Options.Add(Threads);
        command.Options.Add(Json);
        command.Options.Add(NoChildMemory);
        command.Options.Add(ChildEngine);
        AtLeastOne(Rounds);
        AtLeastOne(Threads);
        AtLeastOne(WarmUps);
    }

    private static void AtLeastOne(Option<int> option) => option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int>() < 1) r.AddError($"{option.Name} must be at least 1.");
    });

    public RunSettings Settings(ParseResult parse) => RunSettings.Default with
    {
        Rounds = parse.GetValue(Rounds),
        WarmUps = parse.GetValue(WarmUps),
        Threads = parse.GetValue(Threads),
        ChildMemory = !parse.GetValue(NoChildMemory),
    };

    /// <summary>The command line to give a child process: this suite's tokens, as the user typed them.</summary>
    public static IReadOnlyList<string> SuiteArgs(ParseResult parse) => parse.Tokens.Select(t => t.Value).ToList();
}
