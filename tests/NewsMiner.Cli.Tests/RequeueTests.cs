using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Cli.Tests;

/// <summary>
/// <c>newsminer requeue</c>, end to end over real HTTP on 127.0.0.1: a page that answers 500 is given up after its one
/// allowed attempt; once the site is fixed, <c>requeue</c> puts it back and the next run stores it. A link a remote
/// feed may not send NewsMiner to stays given up, and a URL that is not a given-up item is refused by name.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RequeueTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Requeue_GivenUpPage_IsTriedAgainByTheNextRun_RefusedLinksStayGivenUp()
    {
        using var server = new LoopbackServer();
        var page = await File.ReadAllBytesAsync(CliRunner.Path("demo", "pages", "wazirx.html"));
        var broken = true;
        server.Map("/news/wazirx", async ctx =>
        {
            ctx.Response.StatusCode = broken ? 500 : 200;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            var body = broken ? "oops"u8.ToArray() : page;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        var feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Q</title><link>" + server.BaseUrl + "/</link>"
                   + "<item><title>WazirX</title><link>" + server.BaseUrl + "/news/wazirx</link></item>"
                   + "<item><title>Local</title><link>file:///etc/passwd</link></item></channel></rss>";
        server.MapText("/feed.xml", feed, "application/rss+xml");
        var db = _dir.File("q.db");
        string[] run = ["run", "--feeds", server.BaseUrl + "/feed.xml", "--db", db, "--models", CliRunner.Models,
            "--retries", "0", "--host-delay", "0", "--ignore-robots", "--max-attempts", "1", "--feed-interval", "0s"];

        var first = await CliRunner.RunAsync(run);
        Assert.True(first.Exit == 2, first.Out + first.Err);
        Assert.Equal(2L, Count(db, "given_up"));

        // A URL that is not a given-up item is named, and nothing changes.
        var wrong = await CliRunner.RunAsync("requeue", "https://nowhere.example/x", "file:///etc/passwd", "--db", db);
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("error: https://nowhere.example/x: not in the queue", wrong.Err);
        Assert.Contains("error: file:///etc/passwd: a remote feed may only link to http(s) pages", wrong.Err);
        Assert.Equal(2L, Count(db, "given_up"));

        broken = false;
        var requeue = await CliRunner.RunAsync("requeue", "--db", db, "--json");
        Assert.Equal(0, requeue.Exit);
        var json = JsonDocument.Parse(requeue.Out).RootElement;
        Assert.Equal([server.BaseUrl + "/news/wazirx"], json.GetProperty("requeued").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["file:///etc/passwd"], json.GetProperty("refused").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1L, Count(db, "pending"));

        var second = await CliRunner.RunAsync(run);
        Assert.True(second.Exit == 0, second.Out + second.Err);
        Assert.Contains("articles: 1 new", second.Out);
        Assert.Equal(1L, Count(db, "done"));
        Assert.Equal(1L, Count(db, "given_up"));

        // Stored now: requeueing it by name is refused.
        var again = await CliRunner.RunAsync("requeue", server.BaseUrl + "/news/wazirx", "--db", db);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already stored", again.Err);
    }

    [Fact]
    public async Task Requeue_MissingDatabase_IsAnError()
    {
        var result = await CliRunner.RunAsync("requeue", "--db", _dir.File("none.db"));
        Assert.Equal(1, result.Exit);
        Assert.Contains("none.db", result.Err);
    }

    private static long Count(string db, string state)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM queue WHERE state = @state", new { state });
    }
}
