using System.CommandLine;
using NewsMiner.Bench.Suites;

namespace NewsMiner.Bench;

/// <summary>
/// NewsMiner's benchmarks: <c>dotnet run --project bench/NewsMiner.Bench -c Release -- SUITE [options]</c> from the
/// repository root. Each suite is one file in Suites/ returning its command; the harness (Harness/) times engines
/// the same way for all of them.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("NewsMiner benchmarks: speed, allocations, peak memory and quality, engines compared on the same inputs in one process.");
        root.Subcommands.Add(CleanSuite.Create());
        root.Subcommands.Add(ParseSuite.Create());
        root.Subcommands.Add(ExtractSuite.Create());
        root.Subcommands.Add(CleanExtractSuite.Create());
        root.Subcommands.Add(IngestSuite.Create());
        root.Subcommands.Add(TrainSuite.Create());
        return root.Parse(args).Invoke();
    }
}
