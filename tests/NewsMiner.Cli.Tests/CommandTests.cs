using System.Text.Json;

namespace NewsMiner.Cli.Tests;

[Collection(nameof(ConsoleCollection))]
public sealed class CommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "newsminer-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("run", "--feeds", "x.opml", "--db", "a.db")]
    [InlineData("run", "--user-agent", "NewsMiner/0.1 (+https://example.org)", "--timeout", "10", "--retries", "2", "--host-delay", "0.5", "--max-mb", "5", "--ignore-robots", "--max-run-minutes", "30")]
    [InlineData("watch", "--every", "30m", "--feeds", "f.txt", "--db", "a.db")]
    [InlineData("run", "--feed-interval", "30m", "--max-attempts", "3")]
    [InlineData("watch", "--every", "5m", "--feed-interval", "0")]
    [InlineData("clean", "a.html", "b.html", "--json")]
    [InlineData("extract", "a.html", "--json", "--models", "m")]
    [InlineData("incidents", "--db", "a.db", "--format", "csv")]
    [InlineData("incidents", "--db", "a.db", "--since", "2024-01", "--until", "2025-06-30", "--victim", "BitoPro", "--actor", "TraderTraitor",
        "--mixer", "Tornado Cash", "--min-amount", "1000000", "--sort", "amount", "--limit", "5", "--format", "json")]
    [InlineData("show", "3", "--db", "a.db")]
    [InlineData("show", "3", "--db", "a.db", "--json")]
    [InlineData("stats", "--db", "a.db")]
    [InlineData("export", "--db", "a.db", "--format", "stix", "--out", "bundle.json")]
    [InlineData("export", "--format", "csv")]
    [InlineData("report", "--db", "a.db", "--out", "report.html")]
    [InlineData("reextract", "--db", "a.db", "--models", "m")]
    [InlineData("train", "--corpus", "c", "--out", "m")]
    [InlineData("evaluate", "--corpus", "c")]
    [InlineData("evaluate", "--corpus", "c", "--saved", "--models", "m", "--misses", "--baseline", "--json")]
    [InlineData("evaluate", "--corpus", "c", "--saved", "--by-file")]
    [InlineData("evaluate", "--corpus", "c", "--repeat", "3", "--seed", "7", "--json")]
    [InlineData("evaluate-cleaning", "a", "b", "--json")]
    [InlineData("label", "a.html", "--models", "m")]
    public void Parse_AcceptsContractCommandsAndFlags(params string[] args) =>
        Assert.Empty(Program.BuildRoot().Parse(args).Errors);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    public void ParseInterval_ReadsUnits(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), NewsMiner.Cli.Commands.RunCommand.ParseInterval(text));

    [Theory]
    [InlineData("0")]
    [InlineData("off")]
    public void ParseInterval_FeedIntervalMayBeZero(string text) =>
        Assert.Equal(TimeSpan.Zero, NewsMiner.Cli.Commands.RunCommand.ParseInterval(text, "--feed-interval", allowZero: true));

    [Theory]
    [InlineData("--feed-interval", "soon", "--feed-interval soon: not an interval")]
    [InlineData("--max-attempts", "0", "--max-attempts 0: must be at least 1")]
    public async Task Run_BadQueueOrIntervalSetting_IsAUsageErrorNamingTheFlag(string flag, string value, string message)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", Path.Combine(_dir, "x.db"), "--models", CliRunner.Models, flag, value);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "x.db")), "nothing is created before the settings are checked");
    }

    [Theory]
    [InlineData("0", "--repeat: must be at least 1")]
    [InlineData("2", "--repeat: repeats cross-validation; it cannot be combined with --saved")]
    public async Task Evaluate_BadRepeat_IsAUsageErrorNamingTheFlag(string value, string message)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("evaluate", "--corpus", _dir, "--saved", "--models", CliRunner.Models, "--repeat", value);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Evaluate_ByFile_ScoresEachLabelFileOnItsOwn()
    {
        var articles = Directory.CreateDirectory(Path.Combine(_dir, "articles")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(_dir, "labels")).FullName;
        File.WriteAllText(Path.Combine(articles, "t-bitopro.txt"), """
            url: https://news.example/bitopro
            published: 2025-06-03T10:00:00+08:00
            title: BitoPro says North Korea's Lazarus Group stole $11 million in May hack

            Taiwanese crypto exchange BitoPro said on Monday that hackers linked to North Korea's Lazarus Group stole about
            US$11 million from its hot wallets on 8 May, and that the stolen funds were laundered through Tornado Cash.
            """);
        File.WriteAllText(Path.Combine(articles, "n-prices.txt"), """
            url: https://news.example/prices
            published: 2025-06-03T10:00:00+00:00
            title: Bitcoin edges higher as ETF inflows continue

            Bitcoin rose 2% on Tuesday as spot ETF inflows continued for a fifth day, traders said.
            """);
        File.WriteAllText(Path.Combine(labels, "thefts.jsonl"), """{"id": "t-bitopro", "url": "https://news.example/bitopro", "published": "2025-06-03", "incidents": [{"victim": "BitoPro", "amount": 11000000, "currency": "USD", "actor": "Lazarus Group", "date": "2025-05-08", "mixers": ["Tornado Cash"], "primary": true}]}""" + "\n");
        File.WriteAllText(Path.Combine(labels, "negatives.jsonl"), """{"id": "n-prices", "url": "https://news.example/prices", "published": "2025-06-03", "incidents": []}""" + "\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("evaluate", "--corpus", _dir, "--saved", "--models", CliRunner.Models, "--by-file", "--json");
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines[0].GetProperty("articles").GetInt32());
        var files = lines.Skip(1).ToDictionary(l => l.GetProperty("file").GetString()!, l => l.GetProperty("report"));
        Assert.Equal(["negatives", "thefts"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1, 0, 1), (files["thefts"].GetProperty("articles").GetInt32(), files["thefts"].GetProperty("negatives").GetInt32(), files["thefts"].GetProperty("theft_articles").GetInt32()));
        Assert.Equal((1, 1, 0), (files["negatives"].GetProperty("articles").GetInt32(), files["negatives"].GetProperty("negatives").GetInt32(), files["negatives"].GetProperty("theft_articles").GetInt32()));
        // The theft file's victim counts are the whole report's, as the negative has none.
        var victim = files["thefts"].GetProperty("fields").GetProperty("victim");
        var whole = lines[0].GetProperty("fields").GetProperty("victim");
        Assert.Equal(whole.GetProperty("tp").GetInt32() + whole.GetProperty("fn").GetInt32(), victim.GetProperty("tp").GetInt32() + victim.GetProperty("fn").GetInt32());
        Assert.Equal(1, victim.GetProperty("tp").GetInt32() + victim.GetProperty("fn").GetInt32());
    }

    [Fact]
    public void ParseInterval_RefusesNonsense() =>
        Assert.Throws<NewsMiner.Core.NewsMinerInputException>(() => NewsMiner.Cli.Commands.RunCommand.ParseInterval("soon"));

    [Fact]
    public async Task Run_WhileAnotherRunHoldsTheDatabase_ExitsAtOnceWithClearMessage()
    {
        var db = Path.Combine(_dir, "locked.db");
        using var held = NewsMiner.Core.Pipeline.RunLock.Acquire(db);
        var (exit, _, stderr) = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", db, "--models", CliRunner.Path("models"));
        Assert.Equal(1, exit);
        Assert.Contains("another newsminer run is active", stderr);
    }

    [Fact]
    public void Parse_RejectsUnknownFormat() =>
        Assert.NotEmpty(Program.BuildRoot().Parse(["incidents", "--format", "xml"]).Errors);

    [Fact]
    public async Task Extract_Json_GivesSeedRecord()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("extract", CliRunner.Path("seed", "bitopro-secnews.html"), "--json", "--models", CliRunner.Models);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout.Trim());
        var root = doc.RootElement;
        Assert.EndsWith("bitopro-secnews.html", root.GetProperty("source").GetString());
        var primary = root.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("primary").GetBoolean());
        Assert.Equal("BitoPro", primary.GetProperty("victim").GetString());
        Assert.Equal(11000000m, primary.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", primary.GetProperty("currency").GetString());
        Assert.Equal("Lazarus Group", primary.GetProperty("actor").GetString());
        Assert.Equal("2025-05-08", primary.GetProperty("date").GetString());
        Assert.Equal(["Tornado Cash", "Wasabi Wallet", "THORChain"], primary.GetProperty("mixers").EnumerateArray().Select(m => m.GetString()!));
        Assert.True(primary.GetProperty("evidence").GetArrayLength() >= 4);
    }

    [Fact]
    public async Task Clean_Json_HasContractFields()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("clean", CliRunner.Path("seed", "bitopro-secnews.html"), "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout.Trim());
        foreach (var field in new[] { "source", "url", "title", "author", "published", "language", "site_name", "text" })
            Assert.True(doc.RootElement.TryGetProperty(field, out _), field);
        Assert.Equal("2025-06-03T11:42:00+10:00", doc.RootElement.GetProperty("published").GetString());
    }

    [Fact]
    public async Task Clean_MissingFile_ExitsWithErrorNamingIt()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("clean", "/no/such/page.html");
        Assert.Equal(2, exit);
        Assert.Contains("/no/such/page.html: no such file", stderr);
    }

    [Fact]
    public async Task Extract_CorruptModels_ExitsOneWithHowToTrain()
    {
        var models = Path.Combine(_dir, "models");
        Directory.CreateDirectory(models);
        foreach (var f in Directory.GetFiles(CliRunner.Models)) File.Copy(f, Path.Combine(models, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(models, "amount.zip"), "not a zip");
        var (exit, _, stderr) = await CliRunner.RunAsync("extract", CliRunner.Path("seed", "bitopro-secnews.html"), "--models", models);
        Assert.Equal(1, exit);
        Assert.Contains("amount.zip", stderr);
        Assert.Contains("newsminer train", stderr);
    }

    [Fact]
    public async Task OfflineDemo_RunTwice_ThenListIncidentsAsJsonAndCsv()
    {
        var db = Path.Combine(_dir, "demo.db");
        var models = CliRunner.Models;
        var (exit, stdout, _) = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", db, "--models", models);
        Assert.Equal(0, exit);
        Assert.Contains("articles: 6 new", stdout);

        var again = await CliRunner.RunAsync("run", "--feeds", CliRunner.Path("demo", "feed.xml"), "--db", db, "--models", models);
        Assert.Contains("articles: 0 new, 6 skipped", again.Out);
        Assert.Contains("incidents: 0 new", again.Out);
        // A local feed file is read on every run (the minimum interval is for remote servers); nothing new is queued.
        Assert.Contains("feeds not modified: 0, skipped by interval: 0; articles queued: 0, near-duplicates: 0, given up: 0", again.Out);

        var json = await CliRunner.RunAsync("incidents", "--db", db, "--format", "json");
        var incidents = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(incidents, i => i.GetProperty("victim").GetString()!.StartsWith("WazirX"));
        Assert.All(incidents, i => Assert.True(i.GetProperty("sources").GetArrayLength() >= 1));

        var csv = await CliRunner.RunAsync("incidents", "--db", db, "--format", "csv");
        Assert.StartsWith("id,victim,amount,currency,actor,date,mixers,confidence,first_seen,sources", csv.Out);
    }

    [Fact]
    public async Task Label_WritesALineTheCorpusLoaderAccepts()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("label", CliRunner.Path("seed", "bitopro-secnews.html"), "--models", CliRunner.Path("models"));
        Assert.Equal(0, exit);
        var label = NewsMiner.Core.Training.Corpus.ParseLabel(stdout.Trim(), "stdout:1");
        Assert.Equal("bitopro-secnews", label.Id);
        Assert.Contains(label.Incidents, i => i.Primary && i.Victim == "BitoPro" && i.Amount == 11_000_000m);
    }

    [Fact]
    public async Task Incidents_MissingDatabase_IsAClearError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("incidents", "--db", Path.Combine(_dir, "none.db"));
        Assert.Equal(1, exit);
        Assert.Contains("no such database", stderr);
    }
}
