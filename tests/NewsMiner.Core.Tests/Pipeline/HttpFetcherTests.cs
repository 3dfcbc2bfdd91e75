using System.IO.Compression;
using System.Net;
using System.Text;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Pipeline;

/// <summary>The HTTP layer against real servers on 127.0.0.1.</summary>
public sealed class HttpFetcherTests
{
    private static readonly FetchOptions Fast = MiningPipelineTests.Fast;

    [Fact]
    public async Task GetFeed_SendsTheValidatorsBackAsWritten_AndTrustsA304()
    {
        using var server = new LoopbackServer();
        var feed = new ConditionalResource("<rss/>"u8.ToArray(), "W/\"17-abc\"", "Wed, 12 Mar 2025 07:00:00 GMT");
        server.MapConditional("/feed", feed);
        using var fetcher = new HttpFetcher(Fast);

        var first = await fetcher.GetFeedAsync(server.BaseUrl + "/feed", null, null, default);
        Assert.Equal((false, "W/\"17-abc\"", "Wed, 12 Mar 2025 07:00:00 GMT", 6), (first.NotModified, first.ETag, first.LastModified, first.Body.Length));

        var second = await fetcher.GetFeedAsync(server.BaseUrl + "/feed", first.ETag, first.LastModified, default);
        Assert.True(second.NotModified);
        Assert.Empty(second.Body);
        Assert.Equal(new RecordedRequest("/feed", "W/\"17-abc\"", "Wed, 12 Mar 2025 07:00:00 GMT", 304), server.Log.Last());

        // Validators of an older version: the new version comes back in full.
        feed.ETag = "W/\"18-def\"";
        var third = await fetcher.GetFeedAsync(server.BaseUrl + "/feed", first.ETag, null, default);
        Assert.Equal((false, "W/\"18-def\""), (third.NotModified, third.ETag));
    }

    [Fact]
    public async Task Get_304WithoutAConditionalRequest_IsAnError()
    {
        using var server = new LoopbackServer();
        server.MapText("/odd", "", status: 304);
        using var fetcher = new HttpFetcher(Fast);
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/odd", default));
        Assert.Equal("HTTP 304 Not Modified to a request that was not conditional", ex.Reason);
    }

    [Fact]
    public async Task Get_RetriesA429_HonouringRetryAfter()
    {
        using var server = new LoopbackServer();
        var calls = 0;
        server.Map("/feed", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.StatusCode = 429;
                ctx.Response.AddHeader("Retry-After", "1");
                ctx.Response.Close();
                return;
            }
            var body = "ok"u8.ToArray();
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        using var fetcher = new HttpFetcher(Fast with { MaxRetryDelay = TimeSpan.FromSeconds(2) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await fetcher.GetAsync(server.BaseUrl + "/feed", default);
        Assert.Equal("ok", System.Text.Encoding.UTF8.GetString(r.Body));
        Assert.Equal(2, calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), "the Retry-After second was honoured");
    }

    [Fact]
    public async Task Get_RetriesA500_ThenReportsIt()
    {
        using var server = new LoopbackServer();
        var calls = 0;
        server.Map("/down", ctx => { Interlocked.Increment(ref calls); ctx.Response.StatusCode = 500; ctx.Response.Close(); return Task.CompletedTask; });
        using var fetcher = new HttpFetcher(Fast with { Retries = 2 });
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/down", default));
        Assert.Contains("HTTP 500", ex.Reason);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Get_RefusesRedirectLoop()
    {
        using var server = new LoopbackServer();
        server.Map("/a", ctx => { ctx.Response.Redirect("/b"); ctx.Response.Close(); return Task.CompletedTask; });
        server.Map("/b", ctx => { ctx.Response.Redirect("/a"); ctx.Response.Close(); return Task.CompletedTask; });
        using var fetcher = new HttpFetcher(Fast);
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/a", default));
        Assert.Contains("redirect", ex.Reason);
    }

    private static byte[] Compress(string encoding, Action<Stream> write)
    {
        var ms = new MemoryStream();
        using (Stream z = encoding == "br" ? new BrotliStream(ms, CompressionLevel.SmallestSize, leaveOpen: true) : new GZipStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
            write(z);
        return ms.ToArray();
    }

    private static void MapEncoded(LoopbackServer server, string path, string encoding, byte[] body) => server.Map(path, async ctx =>
    {
        ctx.Response.AddHeader("Content-Encoding", encoding);
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    });

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Get_RefusesCompressionBomb(string encoding)
    {
        // 100 MB of zeros compress to about 100 KB: the cap applies to the decompressed bytes.
        var bomb = Compress(encoding, z =>
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++) z.Write(zeros);
        });
        using var server = new LoopbackServer();
        MapEncoded(server, "/bomb", encoding, bomb);
        using var fetcher = new HttpFetcher(Fast with { MaxBytes = 10 * 1024 * 1024 });
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/bomb", default));
        Assert.Contains("after decompression", ex.Reason);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Get_DecodesCompressedBodies(string encoding)
    {
        const string page = "<html><body><p>Hackers drained the Larkspur bridge — €27 million, the team said.</p></body></html>";
        using var server = new LoopbackServer();
        MapEncoded(server, "/page", encoding, Compress(encoding, z => z.Write(Encoding.UTF8.GetBytes(page))));
        using var fetcher = new HttpFetcher(Fast);
        var r = await fetcher.GetAsync(server.BaseUrl + "/page", default);
        Assert.Equal(page, Encoding.UTF8.GetString(r.Body));
    }

    [Fact]
    public async Task Get_BodyTricklingPastTheTimeout_TimesOut()
    {
        // Headers at once, then a byte every 100 ms: no single read is slow, the body as a whole is.
        using var server = new LoopbackServer();
        var sent = 0;
        server.Map("/trickle", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            ctx.Response.SendChunked = true;
            for (var i = 0; i < 100; i++)
            {
                await ctx.Response.OutputStream.WriteAsync("x"u8.ToArray());
                await ctx.Response.OutputStream.FlushAsync();
                Interlocked.Increment(ref sent);
                await Task.Delay(100);
            }
            ctx.Response.Close();
        });
        using var fetcher = new HttpFetcher(Fast with { Timeout = TimeSpan.FromMilliseconds(500), Retries = 0 });
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/trickle", default));
        Assert.Contains("timed out", ex.Reason);
        Assert.True(Volatile.Read(ref sent) < 100, "the fetch gave up before the server finished");
    }

    [Fact]
    public async Task GetPage_HonoursRobotsTxt_ButFeedsAreFetched()
    {
        using var server = new LoopbackServer();
        server.MapText("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n", "text/plain");
        server.MapText("/private/page", "<html><body>secret</body></html>");
        server.MapText("/news/page", "<html><body>public</body></html>");
        using var fetcher = new HttpFetcher(Fast);
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetPageAsync(server.BaseUrl + "/private/page", default));
        Assert.Contains("robots.txt", ex.Reason);
        Assert.NotEmpty((await fetcher.GetPageAsync(server.BaseUrl + "/news/page", default)).Body);
        Assert.NotEmpty((await fetcher.GetAsync(server.BaseUrl + "/private/page", default)).Body);
    }

    [Fact]
    public async Task Get_WaitsBetweenRequestsToOneHost()
    {
        using var server = new LoopbackServer();
        server.MapText("/x", "x", "text/plain");
        using var fetcher = new HttpFetcher(Fast with { PerHostDelay = TimeSpan.FromMilliseconds(400) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await fetcher.GetAsync(server.BaseUrl + "/x", default);
        await fetcher.GetAsync(server.BaseUrl + "/x", default);
        await fetcher.GetAsync(server.BaseUrl + "/x", default);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(780), $"three requests took {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("/private/x", false)]
    [InlineData("/private", true)]
    [InlineData("/public/x", true)]
    [InlineData("/a/b.pdf", false)]
    [InlineData("/a/b.pdf?x=1", true)]
    [InlineData("/shop/allowed/y", true)]
    public void RobotsRules_LongestMatchWins(string path, bool allowed)
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\nDisallow: /shop/\nAllow: /shop/allowed/\nCrawl-delay: 2\n", "NewsMiner");
        Assert.Equal(allowed, rules.IsAllowed(path));
        Assert.Equal(TimeSpan.FromSeconds(2), rules.CrawlDelay);
    }
}

public sealed class RunLockTests
{
    [Fact]
    public void Acquire_SecondRunOnSameDatabase_IsRefusedUntilTheFirstEnds()
    {
        using var dir = new TempDir();
        var db = dir.File("jobs.db");
        using (NewsMiner.Core.Pipeline.RunLock.Acquire(db))
        {
            var ex = Assert.Throws<NewsMinerInputException>(() => NewsMiner.Core.Pipeline.RunLock.Acquire(db));
            Assert.Contains("another newsminer run is active", ex.Reason);
        }
        using var again = NewsMiner.Core.Pipeline.RunLock.Acquire(db);
    }
}

public sealed class UrlIdentityTests
{
    [Theory]
    [InlineData("https://News.Example.com:443/a/b?utm_source=x&id=7&utm_medium=rss#comments", "https://news.example.com/a/b?id=7")]
    [InlineData("http://example.com/story?fbclid=abc", "http://example.com/story")]
    [InlineData("https://example.com/story?page=2&gclid=1", "https://example.com/story?page=2")]
    [InlineData("https://example.com/a", "https://example.com/a")]
    public void Canonical_DropsTrackingAndFragments(string url, string expected) =>
        Assert.Equal(expected, UrlIdentity.Canonical(url));
}
