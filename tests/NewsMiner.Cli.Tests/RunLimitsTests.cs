using System.Text;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Cli.Tests;

/// <summary>
/// Issue 5's limits, end to end: <c>newsminer run</c> over real HTTP on 127.0.0.1 with good article pages among a
/// 60 MB page (streamed with no length, and announced by Content-Length) and a page that trickles its body past the
/// timeout. The good articles are stored, each bad page is a failure naming its URL and the reason, the exit code
/// is 2, and the 60 MB body is not downloaded whole (the server sees the client stop reading).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RunLimitsTests : IDisposable
{
    private const int HugeBytes = 60 * 1024 * 1024;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-limits-tests", Guid.NewGuid().ToString("N"));

    public RunLimitsTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Issue5_Run_HugeAndTricklingPages_FailWithReasons_GoodArticlesStored_ExitCode2()
    {
        using var server = new LoopbackServer();
        var good = new[] { "radiant-capital", "wazirx", "atomic-wallet" };
        foreach (var page in good)
            server.MapBytes($"/news/{page}", await File.ReadAllBytesAsync(CliRunner.Path("demo", "pages", page + ".html")), "text/html; charset=utf-8");
        long streamedSent = 0, announcedSent = 0, trickled = 0;
        server.Map("/news/huge-streamed", ctx => SendHugeAsync(ctx, announce: false, b => Interlocked.Add(ref streamedSent, b)));
        server.Map("/news/huge-announced", ctx => SendHugeAsync(ctx, announce: true, b => Interlocked.Add(ref announcedSent, b)));
        server.Map("/news/trickle", async ctx =>
        {
            // Headers at once, then one byte every 100 ms: each read succeeds, the whole body would take 30 s.
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.SendChunked = true;
            await ctx.Response.OutputStream.WriteAsync("<html><body><p>"u8.ToArray());
            await ctx.Response.OutputStream.FlushAsync();
            for (var i = 0; i < 300; i++)
            {
                await Task.Delay(100);
                await ctx.Response.OutputStream.WriteAsync("x"u8.ToArray());
                await ctx.Response.OutputStream.FlushAsync();
                Interlocked.Increment(ref trickled);
            }
            ctx.Response.Close();
        });
        string[] links = ["/news/radiant-capital", "/news/huge-streamed", "/news/wazirx", "/news/trickle", "/news/huge-announced", "/news/atomic-wallet"];
        server.MapText("/feed.xml", Rss(server.BaseUrl, links), "application/rss+xml");

        var db = Path.Combine(_dir, "limits.db");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", "--feeds", server.BaseUrl + "/feed.xml", "--db", db, "--models", CliRunner.Models,
            "--timeout", "2", "--retries", "0", "--host-delay", "0", "--ignore-robots");

        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("articles: 3 new, 0 skipped, 3 failed", stdout);
        Assert.Contains($"failed: article {server.BaseUrl}/news/huge-streamed: ", stderr);
        Assert.Contains($"failed: article {server.BaseUrl}/news/huge-announced: ", stderr);
        Assert.Matches($@"failed: article {server.BaseUrl}/news/huge-streamed: .*larger than 10 MB", stderr);
        Assert.Matches($@"failed: article {server.BaseUrl}/news/huge-announced: .*larger than 10 MB", stderr);
        Assert.Matches($@"failed: article {server.BaseUrl}/news/trickle: .*timed out", stderr);

        // Bounded memory: the client stopped reading a little past the 10 MB cap (socket buffers aside), so the body
        // was never held whole; the announced one was refused on its Content-Length before its body was read.
        Assert.True(Interlocked.Read(ref streamedSent) < 30L * 1024 * 1024, $"the server sent {Interlocked.Read(ref streamedSent)} bytes of the streamed 60 MB page");
        Assert.True(Interlocked.Read(ref announcedSent) < 30L * 1024 * 1024, $"the server sent {Interlocked.Read(ref announcedSent)} bytes of the announced 60 MB page");
        Assert.True(Interlocked.Read(ref trickled) < 100, $"the trickling page was read for {Interlocked.Read(ref trickled)} bytes after its timeout");

        using var store = NewsMiner.Core.Storage.SqliteIncidentStore.Open(db);
        var stored = await store.ListArticlesAsync(default);
        Assert.Equal(good.Select(p => $"{server.BaseUrl}/news/{p}").Order(), stored.Select(a => a.Url).Order());
    }

    /// <summary>Writes up to 60 MB in 64 KB chunks, counting what the client accepted, until it hangs up.</summary>
    private static async Task SendHugeAsync(System.Net.HttpListenerContext ctx, bool announce, Action<long> sent)
    {
        ctx.Response.ContentType = "text/html; charset=utf-8";
        if (announce) ctx.Response.ContentLength64 = HugeBytes;
        else ctx.Response.SendChunked = true;
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<p>filler text of a page that never ends</p>\n", 64 * 1024 / 45 + 1)))[..(64 * 1024)];
        for (var written = 0; written < HugeBytes; written += chunk.Length)
        {
            await ctx.Response.OutputStream.WriteAsync(chunk);
            sent(chunk.Length);
        }
        ctx.Response.Close();
    }

    private static string Rss(string baseUrl, IEnumerable<string> links) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Limits</title><link>" + baseUrl + "/</link>"
        + string.Concat(links.Select((l, i) => $"<item><title>Item {i}</title><link>{baseUrl}{l}</link><pubDate>Tue, 03 Jun 2025 01:00:00 GMT</pubDate></item>"))
        + "</channel></rss>";
}
