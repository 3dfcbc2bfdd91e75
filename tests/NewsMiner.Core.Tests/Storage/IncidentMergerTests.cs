using NewsMiner.Core.Extraction;
using NewsMiner.Core.Pricing;
using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Tests.Storage;

public sealed class IncidentMergerTests
{
    private static long _id;

    private static MentionRow M(string victim, string? date, decimal? amount = 11_000_000m, string? currency = "USD", string? actor = null,
        bool primary = true, double confidence = 0.9, string? published = "2025-06-03", long? article = null)
    {
        var id = Interlocked.Increment(ref _id);
        return new MentionRow
        {
            Id = id, ArticleId = article ?? id, Victim = victim, VictimKey = Core.Extraction.Candidates.EntityRecognizer.Key(victim), Amount = amount,
            Currency = amount is null ? null : currency, AmountUsd = currency == "USD" ? amount : null, Actor = actor, Date = date, IsPrimary = primary,
            Confidence = confidence, Published = published,
        };
    }

    [Theory]
    [InlineData("2025-05-08", "2025-05-20", true)]
    [InlineData("2025-05-08", "2025-06-02", true)]    // disclosed 25 days later
    [InlineData("2025-05-08", "2025-07-01", false)]
    [InlineData("2025-05", "2025-05-31", true)]       // month-only: any day of that month
    [InlineData("2025-05", "2025-05-01", true)]
    [InlineData("2025-04-30", "2025-05", true)]
    [InlineData("2025-02", "2025-05", false)]
    [InlineData("2021-08-30", "2021-10-27", false)]  // Cream Finance's second and third thefts
    public void Cluster_DatesWithinTheWindow_AreOneTheft(string a, string b, bool same)
    {
        var clusters = IncidentMerger.Cluster([M("Victim", a, 1m), M("Victim", b, 2m)]);
        Assert.Equal(same ? 1 : 2, clusters.Count);
    }

    [Fact]
    public void Cluster_AgreeingAmounts_ExtendTheWindow()
    {
        Assert.Single(IncidentMerger.Cluster([M("X", "2025-05-08", 11_000_000m), M("X", "2025-07-20", 11_100_000m)]));
        Assert.Equal(2, IncidentMerger.Cluster([M("X", "2025-05-08", 11_000_000m), M("X", "2025-09-20", 11_000_000m)]).Count);
    }

    [Fact]
    public void Cluster_DoesNotChainReportsIntoOneLongIncident()
    {
        var clusters = IncidentMerger.Cluster([M("X", "2025-01-01", 1m), M("X", "2025-01-25", 2m), M("X", "2025-02-20", 3m)]);
        Assert.Equal(2, clusters.Count);
    }

    [Fact]
    public void Cluster_IsIndependentOfOrder()
    {
        MentionRow[] rows = [M("X", "2025-01-01", 1m), M("X", "2025-03-25", 2m), M("X", "2025-01-20", 3m), M("X", null, 2m), M("X", "2025-03", 4m)];
        var forward = IncidentMerger.Cluster(rows).Select(c => c.Select(m => m.Id).Order().ToList()).OrderBy(c => c[0]).ToList();
        var backward = IncidentMerger.Cluster(rows.Reverse()).Select(c => c.Select(m => m.Id).Order().ToList()).OrderBy(c => c[0]).ToList();
        Assert.Equal(forward, backward);
        Assert.Equal(2, forward.Count);
    }

    [Fact]
    public void Cluster_UndatedMention_JoinsTheLatestTheftBeforePublication()
    {
        var old = M("X", "2018-06-19", 31_000_000m);
        var recent = M("X", "2019-03-29", 13_000_000m);
        var undated = M("X", null, 5m, published: "2019-04-10");
        var clusters = IncidentMerger.Cluster([old, recent, undated]);
        Assert.Contains(clusters, c => c.Contains(recent) && c.Contains(undated));
    }

    [Fact]
    public void Families_GroupNormalisedNames()
    {
        var families = IncidentMerger.Families(new[] { "bitopro", "bitopro exchange", "wazirx" }.Select(Core.Extraction.Candidates.EntityRecognizer.Key));
        Assert.Equal(2, families.Count);
    }

    [Fact]
    public void Choose_PicksTheEstimateMostSourcesAgreeOn_AndKeepsTheAlternativeAttribution()
    {
        var values = IncidentMerger.Choose([
            M("BitoPro", "2025-05-08", 11_000_000m, actor: "Lazarus Group"),
            M("BitoPro exchange", "2025-05", 11_500_000m, actor: "Lazarus Group"),
            M("Taiwan's BitoPro", "2025-05-08", 11_000_000m, actor: "Kimsuky", confidence: 0.5),
        ], PriceTable.Default);
        Assert.Equal("BitoPro", values.Victim);
        Assert.Equal(11_000_000m, values.Amount);
        Assert.Equal(11_000_000m, values.AmountUsd);
        Assert.False(values.AmountUsdDerived);
        Assert.Equal("2025-05-08", values.Date);
        Assert.Equal("Lazarus Group", values.Actor);
        var alt = Assert.Single(values.ActorAlternatives);
        Assert.Equal(("Kimsuky", 1), (alt.Value, alt.Sources));
        Assert.True(values.Confidence > 0.9);
    }

    [Fact]
    public void Choose_ConfidenceOutweighsASingleLowConfidenceFigure()
    {
        var values = IncidentMerger.Choose([M("X", "2025-05-08", 11_000_000m, confidence: 0.9), M("X", "2025-05-08", 50_000_000m, confidence: 0.3)], PriceTable.Default);
        Assert.Equal(11_000_000m, values.Amount);
    }

    [Fact]
    public void Choose_PrefersAUsdFigureStatedBySomeSource_OverADerivedOne()
    {
        var values = IncidentMerger.Choose([M("X", "2024-03-10", 4_000m, "ETH"), M("X", "2024-03-10", 4_000m, "ETH"), M("X", "2024-03-10", 14_000_000m)], PriceTable.Default);
        Assert.Equal((4_000m, "ETH"), (values.Amount, values.Currency));
        Assert.Equal(14_000_000m, values.AmountUsd);
        Assert.False(values.AmountUsdDerived);
    }

    [Fact]
    public void Choose_DayPreciseDate_WinsOverMonthOnly()
    {
        var values = IncidentMerger.Choose([M("X", "2025-05"), M("X", "2025-05"), M("X", "2025-05-08", confidence: 0.4)], PriceTable.Default);
        Assert.Equal("2025-05-08", values.Date);
    }

    [Theory]
    [InlineData("BitoPro", "Hackers stole US$11 million from Taiwan's BitoPro exchange last month.", VictimTypes.Exchange)]
    [InlineData("Orbit Chain", "The cross-chain bridge Orbit Chain was drained of $81.5 million.", VictimTypes.Bridge)]
    [InlineData("Atomic Wallet", "Users of Atomic Wallet lost more than $100 million.", VictimTypes.Wallet)]
    [InlineData("Radiant", "DeFi lending protocol Radiant lost $50 million.", VictimTypes.DeFi)]
    [InlineData("WazirX", "Attackers drained a multisig wallet of WazirX, an Indian exchange.", VictimTypes.Exchange)]
    [InlineData("WazirX", "Mumbai: WazirX, one of India's largest cryptocurrency exchanges, has suspended withdrawals.", VictimTypes.Exchange)]
    [InlineData("BitoPro", "Hackers drained the hot wallets of BitoPro last month.", VictimTypes.Unknown)]
    public void ClassifyVictim_UsesWordsAroundTheName(string victim, string sentence, string expected)
    {
        var m = M(victim, null) with { Evidence = [new Evidence("victim", sentence, 0, sentence.Length)] };
        Assert.Equal(expected, IncidentMerger.ClassifyVictim([m], _ => 1));
    }
}
