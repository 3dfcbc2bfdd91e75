using System.CommandLine;
using Microsoft.Extensions.Logging;
using NewsMiner.Cli.Commands;
using Spectre.Console;

namespace NewsMiner.Cli.Progress;

/// <summary>
/// Which progress display a run gets: a live display when stderr is a terminal (<see cref="Console"/> set, and the
/// log lines go through it), plain log lines otherwise (cron, systemd, pipes, <c>TERM=dumb</c>).
/// </summary>
internal sealed class ProgressDisplay
{
    private ProgressDisplay(IAnsiConsole? console) => Console = console;

    /// <summary>The terminal's console on stderr, or null for plain lines.</summary>
    public IAnsiConsole? Console { get; }

    public static ProgressDisplay Plain { get; } = new(null);

    /// <summary>Decides from stderr: a terminal gets the live display.</summary>
    public static ProgressDisplay ForStderr()
    {
        if (System.Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") == "dumb") return Plain;
        return new ProgressDisplay(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }));
    }

    /// <summary>The run's logging: through the live display's console on a terminal, the usual stderr logger otherwise.</summary>
    public ILoggerFactory Logging(ParseResult parse) => Console is { } console
        ? CommonOptions.Logging(parse, new TerminalRunProgress.Provider(console, CommonOptions.Level(parse)))
        : CommonOptions.Logging(parse);
}
