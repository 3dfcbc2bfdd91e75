using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NewsMiner.Core;

namespace NewsMiner.Cli.Commands;

/// <summary>Exit codes: a contract for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int UsageOrInput = 1;
    public const int SomeFailed = 2;
}

internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log debug detail to stderr.", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Log only warnings and errors to stderr.", Recursive = true };

    public static Option<string> Db() => new("--db") { Description = "SQLite database file.", DefaultValueFactory = _ => "newsminer.db" };
    public static Option<string> Models() => new("--models") { Description = "Directory of the trained models.", DefaultValueFactory = _ => "models" };
    public static Option<bool> Json() => new("--json") { Description = "One JSON object per line on stdout, for scripts." };
    public static Option<string> Corpus() => new("--corpus") { Description = "Labelled corpus directory.", DefaultValueFactory = _ => "corpus" };

    /// <summary>Model settings shared by train and evaluate, so an evaluated setting is the one trained.</summary>
    public sealed class TrainingFlags
    {
        public Option<int> Seed { get; } = new("--seed") { Description = "Random seed (training is reproducible for a given corpus and seed).", DefaultValueFactory = _ => Core.Training.TrainingOptions.Default.Seed };
        public Option<int> Trees { get; } = new("--trees") { Description = "Boosted trees per model.", DefaultValueFactory = _ => Core.Training.TrainingOptions.Default.Trees };
        public Option<int> Leaves { get; } = new("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => Core.Training.TrainingOptions.Default.Leaves };
        public Option<int> MinLeaf { get; } = new("--min-leaf") { Description = "Fewest training rows per leaf.", DefaultValueFactory = _ => Core.Training.TrainingOptions.Default.MinExamplesPerLeaf };
        public Option<bool> NoContext { get; } = new("--no-context") { Description = "Numeric features only (no bag of context words)." };

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Seed); cmd.Options.Add(Trees); cmd.Options.Add(Leaves); cmd.Options.Add(MinLeaf); cmd.Options.Add(NoContext);
        }

        public Core.Training.TrainingOptions Read(ParseResult p) => Core.Training.TrainingOptions.Default with
        {
            Seed = p.GetValue(Seed), Trees = p.GetValue(Trees), Leaves = p.GetValue(Leaves), MinExamplesPerLeaf = p.GetValue(MinLeaf), ContextWords = !p.GetValue(NoContext),
        };
    }

    /// <summary>The log level <c>-v</c> / <c>-q</c> ask for (Information by default).</summary>
    public static LogLevel Level(ParseResult parse) => parse.GetValue(Verbose) ? LogLevel.Debug : parse.GetValue(Quiet) ? LogLevel.Warning : LogLevel.Information;

    /// <summary>Logging to stderr through <paramref name="provider"/> instead of the plain console logger (a live display's console).</summary>
    public static ILoggerFactory Logging(ParseResult parse, ILoggerProvider provider) => Logging(parse, b => b.AddProvider(provider));

    public static ILoggerFactory Logging(ParseResult parse) => Logging(parse, b => b
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.ColorBehavior = LoggerColorBehavior.Disabled; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

    /// <summary>The level and filters every command's logging shares, writing through <paramref name="output"/>.</summary>
    private static ILoggerFactory Logging(ParseResult parse, Action<ILoggingBuilder> output)
    {
        var level = Level(parse);
        return LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(level).AddFilter("Microsoft", LogLevel.Warning);
            output(b);
        });
    }

    /// <summary>
    /// A Spectre console over the current <see cref="Console.Out"/> (so redirected and captured output get the
    /// tables too); output that is not a terminal gets at least <paramref name="minWidth"/> columns.
    /// </summary>
    public static Spectre.Console.IAnsiConsole Terminal(int minWidth)
    {
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, minWidth);
        return console;
    }

    /// <summary>Opens an existing database for a command that reads it (a missing file is an error, not a new database).</summary>
    public static Core.Storage.SqliteIncidentStore OpenExisting(string path) =>
        Core.Storage.SqliteIncidentStore.Open(path, new Core.Storage.StoreOptions { MustExist = true });

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, or to stdout when the path is null or "-".</summary>
    public static async Task WriteOutputAsync(string? path, string content, CancellationToken ct)
    {
        if (path is null or "-")
        {
            await Console.Out.WriteAsync(content);
            return;
        }
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new NewsMinerInputException(path, "is a directory; give a file name for --out");
        var dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir)) throw new NewsMinerInputException(path, $"the directory {dir} does not exist");
        var tmp = full + ".tmp";
        try
        {
            await File.WriteAllTextAsync(tmp, content, new System.Text.UTF8Encoding(false), ct);
            File.Move(tmp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new NewsMinerInputException(path, "cannot be written (permission denied)", ex);
        }
        catch (IOException ex)
        {
            throw new NewsMinerInputException(path, $"cannot be written: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads each saved article (HTML page or corpus-format text) and hands it to <paramref name="each"/>. A file that
    /// cannot be read is reported on stderr (and, with <paramref name="jsonErrors"/>, as a <c>{source, error}</c> line on
    /// stdout) and the others go on; the exit code says whether any failed.
    /// </summary>
    public static async Task<int> ForEachArticleAsync(IEnumerable<string> paths, string? url, bool jsonErrors, Action<string, Core.Cleaning.CleanedArticle> each, CancellationToken ct)
    {
        var cleaner = new Core.Cleaning.AngleSharpArticleCleaner();
        var failed = 0;
        foreach (var path in paths)
        {
            ct.ThrowIfCancellationRequested();
            try { each(path, Core.Cleaning.ArticleFiles.Read(path, cleaner, url)); }
            catch (NewsMinerInputException ex)
            {
                failed++;
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                if (jsonErrors) Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { source = path, error = ex.Reason }, JsonOptions.Compact));
            }
        }
        return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    /// <summary>Runs a command body; a bad input becomes one clear line on stderr and exit code 1.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (NewsMinerInputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UsageOrInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }
}
