using System.Diagnostics;

namespace NewsMiner.Bench.Harness;

/// <summary>Runs this benchmark program again in a child process and returns the last line it printed on stdout.</summary>
internal static class SelfProcess
{
    /// <param name="args">The child's command line (a suite name first).</param>
    /// <param name="what">Names the child in error messages.</param>
    /// <param name="stderr">Receives each line the child writes to stderr (its progress), or null to keep it for errors only.</param>
    public static string RunForLastLine(IEnumerable<string> args, string what, Action<string>? stderr = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path to start a child process");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        // Started as `dotnet NewsMiner.Bench.dll` rather than through the app host: pass the assembly too.
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
            stderr?.Invoke(e.Data);
        };
        child.BeginErrorReadLine();
        var stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"the child process for {what} failed with exit code {child.ExitCode}: {errors.ToString().Trim()}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"the child process for {what} printed nothing");
    }
}
