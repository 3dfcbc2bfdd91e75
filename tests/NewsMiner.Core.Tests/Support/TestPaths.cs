namespace NewsMiner.Core.Tests.Support;

internal static class TestPaths
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>
    /// The committed models, copied next to the tests at build time; <c>NEWSMINER_TEST_MODELS</c> points the tests at
    /// another model directory (freshly trained models, before they are committed).
    /// </summary>
    public static string Models
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("NEWSMINER_TEST_MODELS");
            return !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.Combine(AppContext.BaseDirectory, "models");
        }
    }

    public static string Seed => Data("seed", "bitopro-secnews.html");

    /// <summary>
    /// The shared benchmark folder beside the repository (<c>../shared</c> from the repository root), or
    /// <c>NEWSMINER_SHARED</c> when set. Data there is read in place, never copied into the repository.
    /// </summary>
    public static string Shared
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("NEWSMINER_SHARED");
            return !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        }
    }

    /// <summary>The repository root: the first folder above the test binaries that holds NewsMiner.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NewsMiner.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("cannot find the repository root (NewsMiner.sln) above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A directory under the temp folder, deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "newsminer-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
