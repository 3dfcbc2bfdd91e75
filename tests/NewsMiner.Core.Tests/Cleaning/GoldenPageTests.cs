using System.Text.Json;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Cleaning;

/// <summary>
/// Golden files for our own pages: TestData/cleaning/&lt;case&gt;/source.html (or source.ref, the repository path of a
/// page kept elsewhere in the repository: the demo pages, corpus pages), expected.txt (the main text) and expected.json
/// (metadata). Set NEWSMINER_UPDATE_GOLDEN=1 to rewrite them from the current cleaner, then review the diff.
/// </summary>
public sealed class GoldenPageTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(TestPaths.Data("cleaning")).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clean_MatchesGoldenFiles(string name)
    {
        var dir = TestPaths.Data("cleaning", name);
        var reference = Path.Combine(dir, "source.ref");
        var source = File.Exists(reference)
            ? Path.Combine(TestPaths.RepoRoot, File.ReadAllText(reference).Trim())
            : Path.Combine(dir, "source.html");
        var article = new AngleSharpArticleCleaner().Clean(new RawPage(name, null, File.ReadAllBytes(source)));
        var meta = new
        {
            title = article.Title,
            author = article.Author,
            published = article.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            language = article.Language,
            site_name = article.SiteName,
            url = article.Url,
        };
        var json = JsonSerializer.Serialize(meta, JsonOptions.Indented);
        if (Environment.GetEnvironmentVariable("NEWSMINER_UPDATE_GOLDEN") == "1")
        {
            // Write into the source tree (the test runs from bin/), so the change shows in git.
            var target = Path.Combine(TestPaths.RepoRoot, "tests", "NewsMiner.Core.Tests", "TestData", "cleaning", name);
            File.WriteAllText(Path.Combine(target, "expected.txt"), article.Text + "\n");
            File.WriteAllText(Path.Combine(target, "expected.json"), json + "\n");
            return;
        }
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected.txt")).TrimEnd('\n'), article.Text);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected.json")).TrimEnd('\n'), json);
    }
}
