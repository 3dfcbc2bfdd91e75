using System.Text.Json;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Tests;

/// <summary>The commands that read the database: on the offline demo, and on bad input.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class DatabaseCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-cli-tests", Guid.NewGuid().ToString("N"));

    public DatabaseCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string File(string name) => Path.Combine(_dir, name);

    /// <summary>A small database written through the store, without the models.</summary>
    private async Task<string> HandMadeDatabaseAsync()
    {
        var path = File("hand.db");
        using var store = SqliteIncidentStore.Open(path);
        async Task Save(string url, IncidentRecord r) => await store.SaveArticleAsync(url,
            new CleanedArticle { Source = url, Url = url, Title = "T " + url, Text = url, Published = DateTimeOffset.Parse("2025-06-03T10:00:00+08:00") },
            new ExtractionResult(0.99, [r]), null, default);
        await Save("https://a.example/1", new IncidentRecord { Victim = "BitoPro", Amount = 11_000_000m, Currency = "USD", Actor = "Lazarus Group", Date = "2025-05-08", Mixers = ["Tornado Cash"], Primary = true, Confidence = 0.9 });
        await Save("https://b.example/2", new IncidentRecord { Victim = "BitoPro exchange", Amount = 11_500_000m, Currency = "USD", Actor = "Lazarus Group", Date = "2025-05", Primary = true, Confidence = 0.8 });
        await Save("https://c.example/3", new IncidentRecord { Victim = "SomeBridge", Amount = 4_000m, Currency = "ETH", Date = "2024-03-10", Primary = true, Confidence = 0.7 });
        return path;
    }

    [Fact]
    public async Task OfflineDemo_EveryDatabaseCommandWorks()
    {
        var db = File("demo.db");
        var run = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", db, "--models", CliRunner.Models);
        Assert.Equal(0, run.Exit);

        var json = await CliRunner.RunAsync("incidents", "--db", db, "--format", "json");
        Assert.Equal(0, json.Exit);
        var incidents = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(incidents.Count >= 4, json.Out);
        Assert.All(incidents, i => Assert.True(i.GetProperty("sources").GetArrayLength() >= 1));
        Assert.All(incidents, i => Assert.True(i.TryGetProperty("amount_usd", out _)));

        var big = await CliRunner.RunAsync("incidents", "--db", db, "--min-amount", "50000000", "--sort", "amount", "--format", "csv");
        Assert.Equal(0, big.Exit);
        var usd = big.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => decimal.Parse(l.Split(',')[10], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(usd);
        Assert.All(usd, v => Assert.True(v >= 50_000_000m));
        Assert.Equal(usd.OrderDescending(), usd);

        var lazarus = await CliRunner.RunAsync("incidents", "--db", db, "--actor", "TraderTraitor", "--format", "json");
        Assert.All(lazarus.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("Lazarus Group", JsonDocument.Parse(l).RootElement.GetProperty("actor").GetString()));

        var id = incidents[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var show = await CliRunner.RunAsync("show", id, "--db", db);
        Assert.Equal(0, show.Exit);
        Assert.Contains($"Incident {id}:", show.Out);
        Assert.Contains("Sources (1)", show.Out);
        var showJson = await CliRunner.RunAsync("show", id, "--db", db, "--json");
        Assert.True(JsonDocument.Parse(showJson.Out).RootElement.GetProperty("reports")[0].GetProperty("evidence").GetArrayLength() >= 1);

        var stats = await CliRunner.RunAsync("stats", "--db", db);
        Assert.Equal(0, stats.Exit);
        Assert.Contains("Stolen per year", stats.Out);
        Assert.Contains("Stolen per actor", stats.Out);
        Assert.Contains("Lazarus Group", stats.Out);

        foreach (var format in new[] { "csv", "json", "stix" })
        {
            var outFile = File("export." + format);
            var export = await CliRunner.RunAsync("export", "--db", db, "--format", format, "--out", outFile);
            Assert.True(export.Exit == 0, export.Err);
            var text = await System.IO.File.ReadAllTextAsync(outFile);
            if (format == "csv") Assert.StartsWith("id,victim,amount,currency,actor,date,mixers,confidence,first_seen,sources", text);
            else if (format == "json") Assert.Equal(incidents.Count, JsonDocument.Parse(text).RootElement.GetArrayLength());
            else Assert.Equal("bundle", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
        }

        var report = await CliRunner.RunAsync("report", "--db", db, "--out", File("report.html"));
        Assert.Equal(0, report.Exit);
        var html = await System.IO.File.ReadAllTextAsync(File("report.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("id=\"incidents\"", html);

        var reextract = await CliRunner.RunAsync("reextract", "--db", db, "--models", CliRunner.Models);
        Assert.True(reextract.Exit == 0, reextract.Err);
        Assert.Contains("articles: 6 re-extracted, 0 failed", reextract.Out);
        Assert.Contains($"incidents: {incidents.Count} before, {incidents.Count} after", reextract.Out);
    }

    [Fact]
    public async Task Reextract_MarksAJobTheProcessDidNotSurvive_AndWaitsForNoLock()
    {
        var db = await HandMadeDatabaseAsync();
        // What a killed re-extraction leaves behind: a started job that never finished.
        Sql(db, "INSERT INTO runs (started_at, kind) VALUES ('2026-01-01T00:00:00Z', 'reextract')");

        using (NewsMiner.Core.Pipeline.RunLock.Acquire(db))
        {
            var refused = await CliRunner.RunAsync("reextract", "--db", db, "--models", CliRunner.Models);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("another newsminer run is active", refused.Err);
        }

        var reextract = await CliRunner.RunAsync("reextract", "--db", db, "--models", CliRunner.Models);
        Assert.True(reextract.Exit == 0, reextract.Err);
        Assert.Contains("(reextract, started 2026-01-01T00:00:00Z) did not finish", reextract.Err);
        Assert.Equal(1L, Sql(db, "SELECT COUNT(*) FROM runs WHERE kind = 'reextract' AND interrupted = 1 AND finished_at IS NULL"));
        Assert.Equal(1L, Sql(db, "SELECT COUNT(*) FROM runs WHERE kind = 'reextract' AND interrupted = 0 AND finished_at IS NOT NULL"));
    }

    /// <summary>Runs one statement on the database file and returns its first value.</summary>
    private static object? Sql(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Incidents_FiltersAndFormats_OnAHandMadeDatabase()
    {
        var db = await HandMadeDatabaseAsync();
        var all = await CliRunner.RunAsync("incidents", "--db", db, "--format", "json");
        var rows = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, rows.Count);
        var bitopro = rows.Single(r => r.GetProperty("victim").GetString() == "BitoPro");
        Assert.Equal(2, bitopro.GetProperty("source_count").GetInt32());
        var bridge = rows.Single(r => r.GetProperty("victim").GetString() == "SomeBridge");
        Assert.Equal("ETH", bridge.GetProperty("currency").GetString());
        Assert.True(bridge.GetProperty("amount_usd_derived").GetBoolean());

        var since = await CliRunner.RunAsync("incidents", "--db", db, "--since", "2025", "--format", "csv");
        Assert.Equal(2, since.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var table = await CliRunner.RunAsync("incidents", "--db", db, "--victim", "Taiwan's BitoPro");
        Assert.Contains("BitoPro", table.Out);
        Assert.DoesNotContain("SomeBridge", table.Out);

        var show = await CliRunner.RunAsync("show", bitopro.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db);
        Assert.Contains("Estimates (2)", show.Out);
        Assert.Contains("Sources (2)", show.Out);
    }

    [Theory]
    [InlineData("--since", "last week", "--since: 'last week' is not a date")]
    [InlineData("--until", "2025-02-30", "--until: '2025-02-30' is not a date")]
    [InlineData("--limit", "0", "--limit: 0 is not a positive number")]
    public async Task Incidents_BadFilter_IsAClearError(string option, string value, string message)
    {
        var db = await HandMadeDatabaseAsync();
        var (exit, _, err) = await CliRunner.RunAsync("incidents", "--db", db, option, value);
        Assert.Equal(1, exit);
        Assert.Contains(message, err);
    }

    [Fact]
    public async Task Show_UnknownOrMalformedId_IsAClearError()
    {
        var db = await HandMadeDatabaseAsync();
        var unknown = await CliRunner.RunAsync("show", "4242", "--db", db);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("incident 4242: no such incident", unknown.Err);
        var malformed = await CliRunner.RunAsync("show", "abc", "--db", db);
        Assert.Equal(1, malformed.Exit);
        Assert.Contains("incident abc: not an incident id", malformed.Err);
    }

    [Fact]
    public async Task EveryReadingCommand_RefusesANewerSchema_NamingTheFile()
    {
        var db = await HandMadeDatabaseAsync();
        Sql(db, "PRAGMA user_version = 7;");
        foreach (var args in new[] { new[] { "incidents" }, ["show", "1"], ["stats"], ["export", "--format", "csv"], ["report", "--out", File("r.html")] })
        {
            var (exit, _, err) = await CliRunner.RunAsync([.. args, "--db", db]);
            Assert.Equal(1, exit);
            Assert.Contains($"{db}: the database has schema version 7, newer than this build's", err);
        }
    }

    [Fact]
    public async Task Export_ToAMissingDirectory_IsAClearError()
    {
        var db = await HandMadeDatabaseAsync();
        var target = Path.Combine(_dir, "no", "such", "dir", "out.json");
        var (exit, _, err) = await CliRunner.RunAsync("export", "--db", db, "--format", "json", "--out", target);
        Assert.Equal(1, exit);
        Assert.Contains($"{target}: the directory", err);
    }

    [Fact]
    public void Export_WithoutFormat_IsAUsageError() =>
        Assert.NotEmpty(Program.BuildRoot().Parse(["export", "--db", "a.db"]).Errors);

    [Fact]
    public async Task ReadingCommands_MissingDatabase_AreClearErrors_AndCreateNothing()
    {
        var missing = File("none.db");
        foreach (var args in new[] { new[] { "show", "1" }, ["stats"], ["export", "--format", "stix"], ["report"] })
        {
            var (exit, _, err) = await CliRunner.RunAsync([.. args, "--db", missing]);
            Assert.Equal(1, exit);
            Assert.Contains($"{missing}: no such database", err);
        }
        Assert.False(System.IO.File.Exists(missing));
    }
}
