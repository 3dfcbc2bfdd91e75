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

    [Theory]
    [InlineData("<ttl>60</ttl>", 60)]
    [InlineData("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", 30)]
    [InlineData("<sy:updatePeriod> daily </sy:updatePeriod>", 1440)]
    [InlineData("<ttl>90</ttl><sy:updatePeriod>daily</sy:updatePeriod>", 90)]
    [InlineData("", -1)]
    public void Parse_TheRefreshIntervalTheFeedAsksFor(string channelExtra, int minutes)
    {
        var xml = $"<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>T</title>{channelExtra}<item><title>A</title><link>https://x.example/a</link></item></channel></rss>";
        var feed = FeedParser.Parse("test", System.Text.Encoding.UTF8.GetBytes(xml));
        Assert.Equal(minutes < 0 ? null : TimeSpan.FromMinutes(minutes), feed.Ttl);
        Assert.Empty(feed.Warnings);
    }

    [Theory]
    [InlineData("<ttl>soon</ttl>", "ttl 'soon' is not a positive number of minutes")]
    [InlineData("<sy:updatePeriod>fortnightly</sy:updatePeriod>", "sy:updatePeriod 'fortnightly' is not hourly")]
    public void Parse_AnUnreadableRefreshInterval_IsIgnoredWithAWarning(string channelExtra, string warning)
    {
        var xml = $"<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>T</title>{channelExtra}<item><title>A</title><link>https://x.example/a</link></item></channel></rss>";
        var feed = FeedParser.Parse("test", System.Text.Encoding.UTF8.GetBytes(xml));
        Assert.Null(feed.Ttl);
        Assert.Contains(feed.Warnings, w => w.StartsWith(warning, StringComparison.Ordinal));
        Assert.Single(feed.Items);
    }

    [Fact]
    public void Parse_Atom()
    {
        var f = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>E</title><link href="https://a.example/e"/><updated>2025-06-03T10:00:00+02:00</updated></entry></feed>
            """);
        Assert.Equal("atom-1.0", f.Format);
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
    [InlineData("<<rss>>", "not well-formed XML")]
    [InlineData("just some words", "neither XML nor JSON")]
    public void Parse_RefusesBadFeeds_WithReason(string text, string reason)
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => Parse(text));
        Assert.Equal("feed", ex.Input);
        Assert.Contains(reason, ex.Reason);
    }

    private static ParsedFeed ParseBytes(byte[] bytes, string? contentType = null, string? baseUrl = null) => FeedParser.Parse("feed", bytes, contentType, baseUrl);

    [Fact]
    public void Parse_RssWithoutChannel_ReadsItemsUnderTheRoot()
    {
        var f = Parse("<rss version=\"2.0\"><title>T</title><item><title>A</title><link>https://x.example/a</link></item></rss>");
        Assert.Equal("https://x.example/a", Assert.Single(f.Items).Link);
    }

    [Fact]
    public void Parse_Rdf_WithPrefixedRssElements()
    {
        var f = Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <rss:channel><rss:title>Prefixed</rss:title></rss:channel>
            <rss:item><rss:title>One</rss:title><rss:link>https://p.example/1</rss:link><dc:date>2025-06-03T10:00:00+02:00</dc:date></rss:item></rdf:RDF>
            """);
        Assert.Equal("rss-1.0", f.Format);
        Assert.Equal("Prefixed", f.Title);
        var item = Assert.Single(f.Items);
        Assert.Equal("One", item.Title);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 8, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Parse_UndeclaredNamespacePrefix_IsDeclaredAndRead()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><dc:date>2025-06-03T10:00:00Z</dc:date><itunes:author>me</itunes:author></item></channel></rss>");
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 10, 0, 0, TimeSpan.Zero), Assert.Single(f.Items).Published);
    }

    [Fact]
    public void Parse_HtmlEntitiesAndBareAmpersands_AreRepaired()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>A&nbsp;B &copy; C & D ?x=1&y=2</title></channel></rss>");
        Assert.Equal("A\u00a0B \u00a9 C & D ?x=1&y=2".Replace('\u00a0', ' '), f.Title);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-32")]
    public void Parse_Utf16And32WithBom(string name)
    {
        var e = name == "utf-16" ? (Encoding)new UnicodeEncoding(false, true) : new UTF32Encoding(false, true);
        var f = ParseBytes([.. e.GetPreamble(), .. e.GetBytes($"<?xml version=\"1.0\" encoding=\"{name}\"?><rss version=\"2.0\"><channel><title>\u00dcber</title></channel></rss>")]);
        Assert.Equal("\u00dcber", f.Title);
        Assert.StartsWith(name, f.Encoding);
    }

    [Fact]
    public void Parse_ResolvesXmlBase_ThenTheFeedUrl()
    {
        var f = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/2025/"><title>B</title>
            <entry xml:base="june/"><title>One</title><link href="post.html"/><updated>2025-06-03T10:00:00Z</updated></entry>
            <entry xml:base="/"><title>Two</title><link rel="alternate" type="text/html" href="about"/><link rel="self" href="self.xml"/></entry>
            </feed>
            """, "https://other.example/feed.xml");
        Assert.Equal("https://blog.example/2025/june/post.html", f.Items[0].Link);
        Assert.Equal("https://blog.example/about", f.Items[1].Link);
        var g = Parse("<rss version=\"2.0\"><channel><item><link>../a/b</link></item></channel></rss>", "https://news.example/feeds/rss");
        Assert.Equal("https://news.example/a/b", Assert.Single(g.Items).Link);
    }

    [Fact]
    public void Parse_DateFallbacks_PreferPublishedOverUpdated()
    {
        var f = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
            <entry><title>P</title><updated>2025-06-05T00:00:00Z</updated><published>2025-06-01T00:00:00Z</published></entry>
            <entry><title>U</title><updated>2025-06-05T00:00:00Z</updated></entry></feed>
            """);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), f.Items[0].Published);
        Assert.Equal(new DateTimeOffset(2025, 6, 5, 0, 0, 0, TimeSpan.Zero), f.Items[1].Published);
    }

    [Fact]
    public void Parse_Atom03_Base64Title_AndModifiedDate()
    {
        var f = Parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="base64">SGVsbG8=</title>
            <entry><title>E</title><link rel="alternate" href="https://a.example/e"/><modified>2004-01-01T19:48:21Z</modified></entry></feed>
            """);
        Assert.Equal("atom-0.3", f.Format);
        Assert.Equal("Hello", f.Title);
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), Assert.Single(f.Items).Published);
    }

    [Fact]
    public void Parse_JsonFeed10_WithRelativeUrlAndDate()
    {
        var f = Parse("""{"version":"https://jsonfeed.org/version/1","title":"J","home_page_url":"https://j.example/","items":[{"id":"1","url":"/p/1","title":"&amp; One","date_published":"2025-06-03T10:00:00+02:00"}]}""");
        Assert.Equal("json-1.0", f.Format);
        var item = Assert.Single(f.Items);
        Assert.Equal("https://j.example/p/1", item.Link);
        Assert.Equal("& One", item.Title);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 8, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Parse_BillionLaughs_IsRefusedWithAReason()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var text = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol0 \"lol\">{entities}]><rss><channel><title>&lol9;</title></channel></rss>";
        var ex = Assert.Throws<NewsMinerInputException>(() => Parse(text));
        Assert.Contains("billion laughs", ex.Reason);
    }

    [Fact]
    public void Parse_SmallInternalEntities_AreExpanded()
    {
        var f = Parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY site \"Example News\">]><rss version=\"2.0\"><channel><title>&site;</title></channel></rss>");
        Assert.Equal("Example News", f.Title);
    }

    [Fact]
    public void Parse_ExternalEntity_IsNeverResolved()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("secret.txt"), "TOP-SECRET");
        var uri = new Uri(dir.File("secret.txt")).AbsoluteUri;
        var f = Parse($"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"{uri}\">]><rss version=\"2.0\"><channel><title>a &xxe; b</title></channel></rss>");
        Assert.DoesNotContain("TOP-SECRET", f.Title);
    }

    [Fact]
    public void Parse_TruncatedFeed_KeepsTheItemsReadBeforeTheBreak_WithAWarning()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>https://t.example/a</link></item><item><title>B</ti");
        Assert.Equal("https://t.example/a", f.Items[0].Link);
        Assert.Contains(f.Warnings, w => w.Contains("ill-formed", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AtomWrappedInXhtml_IsFound()
    {
        var f = Parse("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title></feed></body></html>");
        Assert.Equal("W", f.Title);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "only white space")]
    [InlineData("<opml version=\"2.0\"><body/></opml>", "root element is <opml>")]
    [InlineData("{\"name\":\"not a feed\"}", "JSON Feed version")]
    [InlineData("{\"version\":", "invalid JSON")]
    public void Parse_RefusesNonFeeds_NamingTheProblem(string text, string reason)
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => Parse(text));
        Assert.Contains(reason, ex.Reason);
        Assert.StartsWith("feed: ", ex.Message);
    }

    [Fact]
    public void Parse_C1Characters_AreReadAsWindows1252()
    {
        var f = Parse("<rss version=\"2.0\"><channel><title>don\u0092t &#150; ok</title></channel></rss>");
        Assert.Equal("don\u2019t \u2013 ok", f.Title);
    }

    [Fact]
    public void Parse_DamagedFeeds_ParseOrAreRefused_NeverCrash()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?><!DOCTYPE rss [<!ENTITY n "News">]><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>&n; &amp; café</title><link>https://d.example/</link>
            <item><title><![CDATA[A <b>bold</b> one]]></title><link>/a?x=1&amp;y=2</link><pubDate>Tue, 03 Jun 2025 01:42:00 PDT</pubDate></item>
            <item><title>B&nbsp;2</title><guid>https://d.example/b</guid><dc:date>2025-06-03T10:00:00Z</dc:date></item></channel></rss>
            """);
        var random = new Random(42);
        for (var n = 0; n < 400; n++)
        {
            var bytes = (byte[])feed.Clone();
            if (n % 2 == 0) bytes = bytes[..random.Next(bytes.Length)];
            for (var k = 0; k < 1 + n % 5; k++) if (bytes.Length > 0) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try { FeedParser.Parse("feed", bytes, n % 3 == 0 ? "text/xml" : null, "https://d.example/feed"); }
            catch (NewsMinerInputException ex) { Assert.False(string.IsNullOrWhiteSpace(ex.Reason)); }
        }
    }

    [Fact]
    public void FeedSources_RefusesAnOpmlWithoutFeeds_NamingTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("empty.opml"), "<opml version=\"2.0\"><body><outline text=\"folder\"/></body></opml>");
        var ex = Assert.Throws<NewsMinerInputException>(() => FeedSources.Resolve(dir.File("empty.opml")));
        Assert.Equal(dir.File("empty.opml"), ex.Input);
        Assert.Contains("no outline with an xmlUrl", ex.Reason);
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

        File.WriteAllText(dir.File("nested.opml"), """
            <?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head><title>t</title></head><body>
            <outline text="Security"><outline type="rss" text="a" xmlUrl="https://c.example/rss"/><outline text="b" xmlUrl="local.xml"/></outline>
            <outline text="no feed here" htmlUrl="https://d.example/"/></body></opml>
            """);
        var nested = FeedSources.Resolve(dir.File("nested.opml"));
        Assert.Equal(["https://c.example/rss", dir.File("local.xml")], nested.Select(n => n.Value));

        // Real OPML exports: a DOCTYPE, HTML entities, UTF-16 with a BOM.
        File.WriteAllText(dir.File("export.opml"), "<?xml version=\"1.0\" encoding=\"utf-16\"?><!DOCTYPE opml><opml version=\"1.1\"><body><outline text=\"News&nbsp;&amp; more\" xmlUrl=\"https://e.example/rss?a=1&b=2\"/></body></opml>", Encoding.Unicode);
        Assert.Equal("https://e.example/rss?a=1&b=2", Assert.Single(FeedSources.Resolve(dir.File("export.opml"))).Value);
    }
}
