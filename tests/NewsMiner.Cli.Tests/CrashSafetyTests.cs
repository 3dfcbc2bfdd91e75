using System.Diagnostics;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Tests.Support;
using Xunit.Abstractions;

namespace NewsMiner.Cli.Tests;

/// <summary>
/// kill -9 at any moment, rerun, and nothing is lost, half-written or duplicated: the real CLI in its own process,
/// against a loopback feed whose article server is slow, killed (the whole process tree) at several moments.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Pages = ["radiant-capital", "wazirx", "atomic-wallet", "orbit-bridge", "hospital-ransomware", "bitcoin-etf-inflows"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-cli-tests", Guid.NewGuid().ToString("N"));
    private int _arrivals;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static byte[] Rss(string baseUrl, IEnumerable<string> paths) => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Slow news</title><link>" + baseUrl + "/</link>" +
        string.Concat(paths.Select(p => $"<item><title>{p}</title><link>{baseUrl}{p}</link></item>")) + "</channel></rss>");

    /// <summary>The article server: counts each request as it arrives, then takes its time to answer.</summary>
    private void MapSlowPages(LoopbackServer server)
    {
        foreach (var page in Pages)
        {
            var body = File.ReadAllBytes(CliRunner.Path("demo", "pages", page + ".html"));
            server.Map("/news/" + page, async ctx =>
            {
                Interlocked.Increment(ref _arrivals);
                await Task.Delay(400);
                ctx.Response.ContentType = "text/html; charset=utf-8";
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            });
        }
    }

    private static string[] RunArgs(string feedUrl, string db) =>
        ["run", "--feeds", feedUrl, "--db", db, "--models", CliRunner.Models, "--host-delay", "0", "--ignore-robots", "--feed-interval", "0", "--retries", "0"];

    /// <summary>The CLI as its own process (<c>dotnet newsminer.dll</c>), output drained so it never blocks.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly StringBuilder _log = new();

        public CliProcess(string[] args)
        {
            var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(CliRunner.Path("newsminer.dll"));
            foreach (var a in args) start.ArgumentList.Add(a);
            Process = Process.Start(start)!;
            Process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public async Task KillAsync()
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, CliProcess cli, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (cli.Process.HasExited) Assert.Fail($"the run ended before {what}:\n{cli.Log}");
            if (clock.Elapsed > Patience) Assert.Fail($"waited {Patience.TotalSeconds} s for {what}:\n{cli.Log}");
            await Task.Delay(10);
        }
    }

    private static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c.ExecuteScalar<long>(sql);
    }

    private void AssertLockFree(string db)
    {
        using var held = RunLock.Acquire(db);
    }

    private async Task KillAsync(CliProcess cli, string db, string moment)
    {
        await cli.KillAsync();
        output.WriteLine($"killed {moment}: {Scalar(db, "SELECT COUNT(*) FROM articles")} article(s) stored, {Scalar(db, "SELECT COUNT(*) FROM queue WHERE state = 'pending'")} pending");
        AssertLockFree(db);
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)"));
    }

    private static List<string> Contents(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        return c.Query<string>(@"
            SELECT a.canonical_url || ' | ' || m.victim_key || ' | ' || IFNULL(m.amount, '') || ' ' || IFNULL(m.currency, '') || ' | ' || IFNULL(m.date, '')
            FROM mentions m JOIN articles a ON a.id = m.article_id
            UNION ALL SELECT 'incident | ' || victim_key || ' | ' || IFNULL(amount, '') || ' ' || IFNULL(currency, '') || ' | ' || IFNULL(date, '') FROM incidents
            UNION ALL SELECT 'article | ' || canonical_url || ' | ' || content_hash FROM articles").Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Run_KilledAtSeveralMoments_ThenRerun_StoresEveryArticleExactlyOnce()
    {
        Directory.CreateDirectory(_dir);
        using var server = new LoopbackServer();
        MapSlowPages(server);
        var paths = Pages.Select(p => "/news/" + p).ToList();
        server.MapBytes("/full.xml", Rss(server.BaseUrl, paths), "application/rss+xml");
        var feed = new ConditionalResource(Rss(server.BaseUrl, paths), null, null);
        server.MapConditional("/feed.xml", feed);

        // What an uninterrupted run stores, for comparison.
        var reference = Path.Combine(_dir, "reference.db");
        var (refExit, refOut, refErr) = await CliRunner.RunAsync(RunArgs(server.BaseUrl + "/full.xml", reference));
        Assert.True(refExit == 0, refOut + refErr);
        Assert.Contains("articles: 6 new", refOut);

        var db = Path.Combine(_dir, "killed.db");
        var args = RunArgs(server.BaseUrl + "/feed.xml", db);

        // 1. As the first article is requested: the feed's six items are queued, none is stored yet.
        _arrivals = 0;
        using (var cli = new CliProcess(args))
        {
            await WaitUntilAsync(() => Volatile.Read(ref _arrivals) >= 1, cli, "the first article request");
            await KillAsync(cli, db, "during the first article's download");
        }
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM articles"));
        Assert.Equal(6, Scalar(db, "SELECT COUNT(*) FROM queue WHERE state = 'pending'"));
        // The attempt the process did not survive is counted, with the reason saying so.
        Assert.Equal(1, Scalar(db, "SELECT attempts FROM queue ORDER BY id LIMIT 1"));
        Assert.Equal(1, Scalar(db, "SELECT COUNT(*) FROM queue WHERE last_error LIKE 'the run ended while this item was in hand%'"));

        // The feed moves on and no longer lists them: the queue still has them.
        feed.Body = Rss(server.BaseUrl, []);

        // 2. As the third article of the next run is requested: two are stored.
        _arrivals = 0;
        using (var cli = new CliProcess(args))
        {
            await WaitUntilAsync(() => Volatile.Read(ref _arrivals) >= 3, cli, "the third article request");
            await KillAsync(cli, db, "during the third download of the second run");
        }
        Assert.Equal(2, Scalar(db, "SELECT COUNT(*) FROM articles"));

        // 3 and 4. A little and a while after a page was served: in its cleaning, extraction or transaction, or after it.
        int[] delays = [30, 700];
        for (var round = 0; round < delays.Length; round++)
        {
            var served = server.Log.Count(r => r.Path.StartsWith("/news/", StringComparison.Ordinal) && r.Status == 200);
            using var cli = new CliProcess(args);
            await WaitUntilAsync(() => server.Log.Count(r => r.Path.StartsWith("/news/", StringComparison.Ordinal) && r.Status == 200) > served, cli, "a page to be served");
            await Task.Delay(delays[round]);
            await KillAsync(cli, db, $"{delays[round]} ms after a page was served");
            Assert.Equal("ok", CheckIntegrity(db));
        }

        // 5. To the end.
        using (var cli = new CliProcess(args))
        {
            Assert.True(cli.Process.WaitForExit(Patience), cli.Log);
            cli.Process.WaitForExit();
            output.WriteLine(cli.Log);
            Assert.True(cli.Process.ExitCode == 0, cli.Log);
        }

        Assert.Equal(6, Scalar(db, "SELECT COUNT(*) FROM articles"));
        Assert.Equal(6, Scalar(db, "SELECT COUNT(DISTINCT content_hash) FROM articles"));
        Assert.Equal(6, Scalar(db, "SELECT COUNT(*) FROM queue WHERE state = 'done'"));
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM queue WHERE state <> 'done'"));
        Assert.Equal("ok", CheckIntegrity(db));
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM mentions WHERE incident_id IS NULL OR incident_id NOT IN (SELECT id FROM incidents) OR article_id NOT IN (SELECT id FROM articles)"));
        Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM incidents WHERE id NOT IN (SELECT incident_id FROM mentions WHERE incident_id IS NOT NULL)"));
        Assert.Equal(Contents(reference), Contents(db));
        // The four killed runs are marked by the runs after them; the last one finished.
        Assert.Equal(4, Scalar(db, "SELECT COUNT(*) FROM runs WHERE interrupted = 1 AND finished_at IS NULL"));
        Assert.Equal(1, Scalar(db, "SELECT COUNT(*) FROM runs WHERE interrupted = 0 AND finished_at IS NOT NULL"));
        Assert.Equal(5, Scalar(db, "SELECT COUNT(*) FROM runs"));
        AssertLockFree(db);
    }

    private static string CheckIntegrity(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        return string.Join("; ", c.Query<string>("PRAGMA integrity_check;"));
    }
}
