using System.Text.Json;

namespace NewsMiner.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class FeedCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-feed-cli", Guid.NewGuid().ToString("N"));

    public FeedCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("feed", "a.xml", "--json")]
    [InlineData("feed", "a.xml", "b.opml")]
    [InlineData("evaluate-feeds", "dir", "--json", "--misses")]
    public void Parse_AcceptsFeedCommands(params string[] args) => Assert.Empty(Program.BuildRoot().Parse(args).Errors);

    [Fact]
    public async Task Feed_Json_GivesOneLinePerFeed_WithAbsoluteLinksAndUtcDates()
    {
        var rss = Write("news.xml", """
            <rss version="2.0"><channel><title>News &amp; more</title><link>https://news.example/</link><ttl>45</ttl>
            <atom10:link xmlns:atom10="http://www.w3.org/2005/Atom" rel="self" href="https://news.example/feed.xml"/>
            <item><title>Hack</title><link>/2025/06/hack</link><pubDate>Tue, 03 Jun 2025 01:42:00 PDT</pubDate></item></channel></rss>
            """);
        var (exit, stdout, _) = await CliRunner.RunAsync("feed", rss, "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout.Trim());
        var root = doc.RootElement;
        Assert.Equal(rss, root.GetProperty("source").GetString());
        Assert.Equal("rss-2.0", root.GetProperty("format").GetString());
        Assert.Equal("News & more", root.GetProperty("title").GetString());
        Assert.Equal(45, root.GetProperty("ttl_minutes").GetDouble());
        var item = Assert.Single(root.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("https://news.example/2025/06/hack", item.GetProperty("link").GetString());
        Assert.Equal("2025-06-03T08:42:00Z", item.GetProperty("published").GetString());
    }

    [Fact]
    public async Task Feed_Json_ReportsAFeedThatCannotBeRead_WithItsReason_AndExitCode2()
    {
        var good = Write("good.xml", "<rss version=\"2.0\"><channel><title>G</title></channel></rss>");
        var html = Write("page.xml", "<!DOCTYPE html><html><body><p>hello</p></body></html>");
        var opml = Write("list.opml", $"""<opml version="2.0"><body><outline text="g" xmlUrl="good.xml"/><outline text="p" xmlUrl="page.xml"/><outline text="m" xmlUrl="missing.xml"/></body></opml>""");
        var (exit, stdout, _) = await CliRunner.RunAsync("feed", opml, "--json");
        Assert.Equal(2, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("G", lines[0].GetProperty("title").GetString());
        Assert.Equal(html, lines[1].GetProperty("source").GetString());
        Assert.Contains("HTML page", lines[1].GetProperty("error").GetString());
        Assert.Contains("no such feed file", lines[2].GetProperty("error").GetString());
        Assert.Equal(good, lines[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Feed_Table_ListsTheItems()
    {
        var atom = Write("a.atom", """<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E1</title><link href="https://a.example/e1"/><updated>2025-06-03T10:00:00Z</updated></entry></feed>""");
        var (exit, stdout, _) = await CliRunner.RunAsync("feed", atom);
        Assert.Equal(0, exit);
        Assert.Contains("atom-1.0", stdout);
        Assert.Contains("https://a.example/e1", stdout);
        Assert.Contains("2025-06-03T10:00:00Z", stdout);
    }
}
