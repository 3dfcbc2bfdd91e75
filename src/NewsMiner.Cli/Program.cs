using System.CommandLine;
using NewsMiner.Cli.Commands;

namespace NewsMiner.Cli;

public static class Program
{
    // Ctrl+C / SIGTERM cancel the command's token; give a run time to finish the article in hand before the process ends.
    public static Task<int> Main(string[] args) =>
        BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) });

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("NewsMiner: turns cyber-security and crypto news into a database of crypto-theft incidents.");
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Quiet);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RunCommand.CreateWatch());
        root.Subcommands.Add(CleanCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(IncidentsCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ReextractCommand.Create());
        root.Subcommands.Add(RequeueCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(EvaluateCleaningCommand.Create());
        root.Subcommands.Add(LabelCommand.Create());
        root.Subcommands.Add(FeedCommand.Create());
        root.Subcommands.Add(EvaluateFeedsCommand.Create());
        return root;
    }
}
