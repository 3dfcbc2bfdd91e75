using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

public sealed class IncidentQueryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteIncidentStore _store;

    public IncidentQueryTests()
    {
        _store = SqliteIncidentStore.Open(_dir.File("q.db"));
        Add("https://a.example/1", Some.Incident("BitoPro", "2025-05-08", 11_000_000m, mixers: ["Tornado Cash", "THORChain"]));
        Add("https://a.example/2", Some.Incident("WazirX", "2024-07-18", 230_000_000m, mixers: ["Tornado Cash"]));
        Add("https://a.example/3", Some.Incident("Orbit Chain", "2024-01", 81_500_000m, actor: null, mixers: []));
        Add("https://a.example/4", Some.Incident("Atomic Wallet", "2023-06-03", 25_000m, "ETH", actor: "Lazarus Group", mixers: ["Sinbad"]));
        Add("https://a.example/5", Some.Incident("Mystery", null, null, actor: "Kimsuky", mixers: []));
    }

    private void Add(string url, Core.Extraction.IncidentRecord r) =>
        _store.SaveArticleAsync(url, Some.Article(url, url: url), Some.Extraction(r), null, default).GetAwaiter().GetResult();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private List<string> Victims(IncidentQuery q) => _store.ListIncidentsAsync(q, default).GetAwaiter().GetResult().Select(i => i.Victim).ToList();

    [Fact]
    public void SinceUntil_FilterByIncidentDate_AsIntervals() =>
        Assert.Equal(["Orbit Chain", "WazirX"], Victims(new IncidentQuery { Since = "2024-01-15", Until = "2024-12" }));

    [Fact]
    public void Since_Year() => Assert.Equal(["BitoPro"], Victims(new IncidentQuery { Since = "2025" }));

    [Fact]
    public void Actor_AliasesCount() =>
        Assert.Equal(["Atomic Wallet", "WazirX", "BitoPro"], Victims(new IncidentQuery { Actor = "TraderTraitor" }));

    [Fact]
    public void Mixer_AliasesAndCaseCount()
    {
        Assert.Equal(["BitoPro"], Victims(new IncidentQuery { Mixer = "thor chain" }));
        Assert.Equal(["WazirX", "BitoPro"], Victims(new IncidentQuery { Mixer = "Tornado" }));
    }

    [Fact]
    public void Victim_MatchesNormalisedName() => Assert.Equal(["BitoPro"], Victims(new IncidentQuery { Victim = "Taiwan's BitoPro exchange" }));

    [Fact]
    public void MinAmount_UsesUsdIncludingDerived()
    {
        Assert.Equal(["Atomic Wallet", "Orbit Chain", "WazirX"], Victims(new IncidentQuery { MinAmountUsd = 40_000_000m }));
    }

    [Fact]
    public void SortAmount_AndLimit() =>
        Assert.Equal(["WazirX", "Orbit Chain"], Victims(new IncidentQuery { Sort = "amount", Limit = 2 }));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13")]
    [InlineData("2025-02-30")]
    public void BadSince_IsAClearError(string value)
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => Victims(new IncidentQuery { Since = value }));
        Assert.Equal("--since", ex.Input);
        Assert.Contains($"'{value}' is not a date", ex.Reason);
    }
}
