using System.Text;

namespace NewsMiner.Cli.Tests;

/// <summary>Runs the CLI in-process with stdout/stderr captured. Console is global, so these tests do not run in parallel.</summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        await Gate.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        try
        {
            Console.SetOut(o);
            Console.SetError(e);
            var exit = await Program.BuildRoot().Parse(args).InvokeAsync();
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Gate.Release();
        }
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, .. parts]);

    /// <summary>The committed models copied next to the tests, or <c>NEWSMINER_TEST_MODELS</c> when set (freshly trained ones).</summary>
    public static string Models =>
        Environment.GetEnvironmentVariable("NEWSMINER_TEST_MODELS") is { Length: > 0 } fromEnv ? fromEnv : Path("models");
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
