using System.Text;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Feeds;

public sealed class FeedParserTests
{
    private static ParsedFeed Parse(string text, string? baseUrl = null) => FeedParser.Parse("feed", Encoding.UTF8.GetBytes(text), null, baseUrl);

    [Fact]
    public void Parse_Rss2_ResolvesRelativeLinksAndDates()
    {
        var f = Parse("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
            <item><title>Hack</title><link>/2025/06/hack</link><pubDate>Tue, 03 Jun 2025 01:42:00 GMT</pubDate></item></channel></rss>
            """, "https://news.example/feed");
        Assert.Equal("rss-2.0", f.Format);
        var item = Assert.Single(f.Items);
        Assert.Equal("https://news.example/2025/06/hack", item.Link);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 1, 42, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Parse_Atom()
    {
        var f = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>E</title><link href="https://a.example/e"/><updated>2025-06-03T10:00:00+02:00</updated></entry></feed>
            """);
        Assert.Equal("atom", f.Format);
        Assert.Equal("https://a.example/e", Assert.Single(f.Items).Link);
    }

    [Fact]
    public void Parse_JsonFeed()
    {
        var f = Parse("""{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/1","title":"One","date_published":"2025-06-03T10:00:00Z"}]}""");
        Assert.Equal("json-1.1", f.Format);
        Assert.Equal("https://j.example/1", Assert.Single(f.Items).Link);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>not a feed</body></html>", "HTML page")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><rss><channel><title>&lol2;</title></channel></rss>", "DTD")]
    [InlineData("<rss><channel><title>broken", "could not be parsed")]
    [InlineData("just some words", "neither XML nor JSON")]
    public void Parse_RefusesBadFeeds_WithReason(string text, string reason)
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => Parse(text));
        Assert.Equal("feed", ex.Input);
        Assert.Contains(reason, ex.Reason);
    }

    [Fact]
    public void FeedSources_ReadsListFileAndOpml()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("list.txt"), "# comment\nhttps://a.example/feed\n\nlocal.xml  # a local feed\n");
        var list = FeedSources.Resolve(dir.File("list.txt"));
        Assert.Equal(2, list.Count);
        Assert.True(list[0].IsRemote);
        Assert.Equal(dir.File("local.xml"), list[1].Value);

        File.WriteAllText(dir.File("feeds.opml"), """<opml version="2.0"><body><outline text="x" xmlUrl="https://b.example/rss"/></body></opml>""");
        Assert.Equal("https://b.example/rss", Assert.Single(FeedSources.Resolve(dir.File("feeds.opml"))).Value);
    }
}
