using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Tests.Extraction;

public sealed class RecognizerTests
{
    [Theory]
    [InlineData("hackers stole US$11 million from the exchange", 11_000_000, "USD")]
    [InlineData("a $1.5bn heist", 1_500_000_000, "USD")]
    [InlineData("about $11M was taken", 11_000_000, "USD")]
    [InlineData("une perte de 11,5 millions de dollars", 11_500_000, "USD")]
    [InlineData("roughly 4,000 ETH left the wallet", 4_000, "ETH")]
    [InlineData("losses of ₩58 billion", 58_000_000_000, "KRW")]
    [InlineData("48.2 billion yen in bitcoin", 48_200_000_000, "JPY")]
    [InlineData("44.5 billion won was moved", 44_500_000_000, "KRW")]
    [InlineData("some 11 million dollars", 11_000_000, "USD")]
    [InlineData("173,600 ETH and more", 173_600, "ETH")]
    [InlineData("25.5M USDC", 25_500_000, "USDC")]
    [InlineData("€3.2m in stablecoins", 3_200_000, "EUR")]
    public void MoneyRecognizer_NormalisesNewsForms(string text, double value, string currency)
    {
        var m = Assert.Single(MoneyRecognizer.Find(text));
        Assert.Equal((decimal)value, m.Value);
        Assert.Equal(currency, m.Currency);
    }

    [Fact]
    public void MoneyRecognizer_IgnoresSmallBareFiat()
    {
        Assert.Empty(MoneyRecognizer.Find("the fee was $2 per transfer"));
    }

    private static readonly DateOnly June3 = new(2025, 6, 3);

    [Theory]
    [InlineData("the attack on 8 May", "2025-05-08", true)]
    [InlineData("it happened on May 8", "2025-05-08", true)]
    [InlineData("on Feb. 21, 2025, the exchange", "2025-02-21", true)]
    [InlineData("stolen last month", "2025-05", false)]
    [InlineData("the hack in March", "2025-03", false)]
    [InlineData("drained on Sunday", "2025-06-01", true)]
    [InlineData("hacked yesterday", "2025-06-02", true)]
    [InlineData("back in December 2024", "2024-12", false)]
    [InlineData("on 2024-05-31 the", "2024-05-31", true)]
    [InlineData("on 31 December the bridge", "2024-12-31", true)]
    [InlineData("In January, the exchange lost", "2025-01", false)]
    [InlineData("Late July saw another drain", "2024-07", false)]
    [InlineData("announced on the 2nd that", "2025-06-02", true)]
    [InlineData("was confirmed on the 28th", "2025-05-28", true)]
    [InlineData("lost tokens in June of last year", "2024-06", false)]
    [InlineData("drained on 4 March last year", "2024-03-04", true)]
    [InlineData("an exploit in February this year", "2025-02", false)]
    [InlineData("February's Bybit theft", "2025-02", false)]
    [InlineData("attacked in the early morning of the 28th, Korea time", "2025-05-28", true)]
    public void DateRecognizer_ResolvesAgainstPublicationDate(string text, string iso, bool day)
    {
        var d = Assert.Single(DateRecognizer.Find(text, June3));
        Assert.Equal(iso, d.Iso);
        Assert.Equal(day, d.DayPrecision);
    }

    [Fact]
    public void DateRecognizer_ProposesTheParagraphsYearBesideThePublicationYear()
    {
        var found = DateRecognizer.Find("The two earlier cases both happened in 2018. In January, Coincheck lost NEM.", June3)
            .Where(d => d.Text == "January").ToList();
        Assert.Equal(["2025-01", "2018-01"], found.Select(d => d.Iso));
        Assert.Equal([false, true], found.Select(d => d.YearFromContext));

        // Another paragraph's year is not this date's context but a reading from the article; "of the same year"
        // takes it from the paragraph only.
        var other = DateRecognizer.Find("It opened in 2018.\n\nIn January, the exchange lost funds.", June3).Where(d => d.Text == "January").ToList();
        Assert.Equal([("2025-01", false, false), ("2018-01", false, true)], other.Select(d => (d.Iso, d.YearFromContext, d.YearFromArticle)));
        var same = DateRecognizer.Find("Coincheck was hit in January 2018. In September of the same year, Zaif lost funds.", June3);
        Assert.Contains(same, d => d.Iso == "2018-09" && !d.YearFromContext);
    }

    [Fact]
    public void DateRecognizer_ReadsADateWithoutAYear_WithEachEarlierYearTheArticleWrites()
    {
        // "the 2022 Ronin hack ... On 23 March, ...": the article's years (not later ones, not more than 15 years back)
        // are further readings for the date model to weigh.
        const string text = "Founded in 2005, it recalled the 2022 Ronin hack and the 2016 Bitfinex breach.\n\nOn 23 March, hackers struck.";
        var readings = DateRecognizer.Find(text, June3).Where(d => d.Text == "23 March").ToList();
        Assert.Equal(["2025-03-23", "2016-03-23", "2022-03-23"], readings.Select(d => d.Iso));
        Assert.Equal([false, true, true], readings.Select(d => d.YearFromArticle));

        // A year written or said with the date leaves nothing to read.
        Assert.Single(DateRecognizer.Find("In 2022 it grew. On 23 March last year, hackers struck.", June3), d => d.Text.StartsWith("23 March"));
        Assert.Single(DateRecognizer.Find("In 2022 it grew. On 23 March 2024, hackers struck.", June3), d => d.Text.StartsWith("23 March"));
    }

    [Theory]
    [InlineData("lost US$50 million in a hack on Wednesday 16 October, it said", "2024-10-16")]
    [InlineData("the exchange was drained on Tuesday, May 6, and said", "2025-05-06")]
    public void DateRecognizer_AWeekdayBeforeADate_IsThatDate(string text, string iso)
    {
        var found = DateRecognizer.Find(text, June3);
        Assert.Equal(2, found.Count);
        Assert.All(found, d => Assert.Equal(iso, d.Iso));
    }

    [Fact]
    public void DateRecognizer_IgnoresMayTheVerb()
    {
        Assert.Empty(DateRecognizer.Find("Investigators may find more wallets.", June3));
    }

    [Fact]
    public void Gazetteers_MapAliasesToCanonicalNames()
    {
        Assert.Equal("Lazarus Group", Assert.Single(Gazetteer.Actors.Find("blamed on TraderTraitor")).Canonical);
        Assert.Equal("Lazarus Group", Assert.Single(Gazetteer.Actors.Find("DPRK-linked hackers stole")).Canonical);
        var mixers = Gazetteer.Mixers.Find("via Tornado Cash, Wasabi Wallet and Thor Chain").Select(m => m.Canonical).ToList();
        Assert.Equal(["Tornado Cash", "Wasabi Wallet", "THORChain"], mixers);
    }

    [Theory]
    [InlineData("Taiwan's BitoPro exchange", "BitoPro")]
    [InlineData("BitoPro", "bitopro exchange")]
    [InlineData("Ronin Network", "Ronin")]
    [InlineData("Mt. Gox", "Mt Gox")]
    [InlineData("The DAO", "DAO")]
    public void EntityRecognizer_SameName_ToleratesDescriptors(string a, string b) => Assert.True(EntityRecognizer.SameName(a, b));

    [Fact]
    public void EntityRecognizer_SameName_KeepsDifferentVictimsApart() => Assert.False(EntityRecognizer.SameName("Bybit", "BitoPro"));

    [Theory]
    [InlineData("Axie Infinity", "Ronin Network")]
    [InlineData("Sky Mavis", "Ronin")]
    [InlineData("Huobi", "HTX")]
    public void EntityRecognizer_SameName_NamesTheOrganisationListGivesForOneOrganisation(string a, string b)
    {
        Assert.True(EntityRecognizer.SameName(a, b));
        Assert.True(EntityRecognizer.SameName(b, a));
    }

    [Fact]
    public void EntityRecognizer_SameName_ListedOrganisationsStayApart()
    {
        Assert.False(EntityRecognizer.SameName("Axie Infinity", "Harmony"));
        Assert.False(EntityRecognizer.SameName("Anyswap", "Multichain")); // not listed as one name: articles report their thefts as two victims'
    }

    [Fact]
    public void EntityRecognizer_SameName_APersonAndTheirSurname()
    {
        Assert.True(EntityRecognizer.SameName("Terpin", "Michael Terpin"));
        Assert.True(EntityRecognizer.SameName("Michael Terpin", "Terpin"));
        Assert.False(EntityRecognizer.SameName("Finance", "Cream Finance"));  // not a person: a descriptor
        Assert.False(EntityRecognizer.SameName("Network", "Ronin Network"));
        Assert.False(EntityRecognizer.SameName("Smith", "Michael Terpin"));
    }

    [Fact]
    public void EntityRecognizer_FindsNamesWithoutNationalityPrefix()
    {
        var entities = EntityRecognizer.Find("Hackers drained the Taiwanese BitoPro exchange. Later, zkLend and 1inch were hit.", "", []);
        var names = entities.Select(e => e.Display).ToList();
        Assert.Contains("BitoPro", names);
        Assert.Contains("zkLend", names);
        Assert.Contains("1inch", names);
        Assert.DoesNotContain("Taiwanese", names);
    }

    [Fact]
    public void EntityRecognizer_NeverProposesPlacesOrNationalities()
    {
        var entities = EntityRecognizer.Find(
            "Iran's largest exchange Nobitex lost $90 million. The United States blamed nobody; Spanish police and " +
            "South Korean regulators said Critics were wrong about Upbit. Mandiant tied Radiant's theft to an actor aligned " +
            "with the Democratic People's Republic of Korea, while Binance's staff froze funds.", "", []);
        var names = entities.Select(e => e.Display).ToList();
        Assert.Contains("Nobitex", names);
        Assert.Contains("Upbit", names);
        Assert.Contains("Radiant", names); // a possessive still ends a name that no place name continues
        Assert.Contains("Binance", names);
        foreach (var place in new[] { "Iran", "United States", "Spanish", "South Korean", "Critics", "Democratic People", "Democratic" })
            Assert.DoesNotContain(place, names);
    }

    [Fact]
    public void EntityRecognizer_SkipsSentenceAdverbs_AndGroupsCompanySuffixes()
    {
        var entities = EntityRecognizer.Find("Unusually, LCX AG said little. Because LCX paused withdrawals, Kimberly Mills waited.", "", []);
        var names = entities.Select(e => e.Display).ToList();
        Assert.Single(entities, e => e.Key == "lcx");
        Assert.Contains("Kimberly Mills", names);
        foreach (var place in new[] { "Unusually", "Because" })
            Assert.DoesNotContain(place, names);
    }

    [Fact]
    public void EntityRecognizer_SkipsHolidaysSimSwapsAndFoundedIn()
    {
        var entities = EntityRecognizer.Find("On New Year's Day the Slovenia-founded exchange Bitstamp saw a SIM-swap attack.", "", []);
        var names = entities.Select(e => e.Display).ToList();
        Assert.Contains("Bitstamp", names);
        foreach (var place in new[] { "Year's Day", "Day", "Slovenia-founded", "SIM-swap", "SIM" })
            Assert.DoesNotContain(place, names);
    }

    [Fact]
    public void EntityRecognizer_APossessiveNamesTheOwner_NotItsProduct()
    {
        var entities = EntityRecognizer.Find("The raid on Harmony's Horizon bridge followed the Origin Protocol's OUSD exploit. Harmony paid.", "", []);
        var names = entities.Select(e => e.Display).ToList();
        Assert.Single(entities, e => e.Key == "harmony");
        Assert.Contains("Origin Protocol", names);
        foreach (var product in new[] { "Harmony's Horizon", "Horizon", "Origin Protocol's OUSD", "OUSD" })
            Assert.DoesNotContain(product, names);
    }

    [Theory]
    [InlineData("Euler Finance lost $197 million on Monday. Euler said the attacker abused a donation bug, and Euler paused its contracts.", "Euler Finance")]
    [InlineData("Coincheck Inc said 58 billion yen of NEM was taken. Coincheck Inc will repay customers, Coincheck Inc said.", "Coincheck")]
    [InlineData("Alpha Homora V2 lost $37.5 million. Alpha Homora V2 paused lending.", "Alpha Homora")]
    [InlineData("Cashaa lost 336 BTC. Cashaa said it would cover users.", "Cashaa")]
    [InlineData("Hackers drained Bybit. Bybit said users were safe.", "Bybit")]
    [InlineData("The DAO lost 3.6 million ETH. Investors in the DAO voted on a fork.", "The DAO")]
    public void VictimName_IsTheArticlesFullForm_WithoutCompanySuffixOrVersion(string text, string expected)
    {
        var c = CandidateSet.Build(new ArticleDocument("", text, new DateOnly(2024, 1, 1)));
        var entity = c.Entities.OrderByDescending(e => e.Mentions.Count).First();
        Assert.Equal(expected, NewsMiner.Core.Extraction.MlNetIncidentExtractor.VictimName(c, entity));
    }

    [Fact]
    public void EntityRecognizer_APressReleaseAboutHeading_IsNotPartOfTheName()
    {
        var names = EntityRecognizer.Find("Cashaa lost 336 BTC to malware.\n\nAbout Cashaa\n\nCashaa is a crypto bank.", "", [])
            .Select(e => e.Display).ToList();
        Assert.Contains("Cashaa", names);
        Assert.DoesNotContain("About Cashaa", names);
    }

    [Fact]
    public void EntityRecognizer_AnAllCapsKicker_IsNotPartOfTheNameAfterIt()
    {
        var text = "THE SUMMER CONTEXT Stake lost $41 million in September. REVISED The BitMart figure is now $196 million. " +
                   "BNB Smart Chain and SBI VC Trade were not affected.";
        var names = EntityRecognizer.Find(text, "", []).Select(e => e.Display).ToList();
        Assert.Contains("Stake", names);
        Assert.Contains("BitMart", names);
        Assert.Contains("BNB Smart Chain", names);
        Assert.Contains("SBI VC Trade", names);
        Assert.DoesNotContain("THE SUMMER CONTEXT Stake", names);
        Assert.DoesNotContain("REVISED The BitMart", names);
    }

    [Theory]
    [InlineData("Singer Jay Chou said his Bored Ape had been stolen.", "Jay Chou", "Singer Jay Chou")]
    [InlineData("Counting Superfluid, three protocols were drained this month.", "Superfluid", "Counting Superfluid")]
    [InlineData("Co-founder Ed Craven said the losses were covered.", "Ed Craven", "Co-founder Ed Craven")]
    [InlineData("Of the 3.5 billion yen, Bitpoint said 2.5 billion belonged to customers.", "Bitpoint", "Of")]
    public void EntityRecognizer_ARoleOrParticipleOpeningTheSentence_IsNotPartOfTheName(string text, string name, string notName)
    {
        var names = EntityRecognizer.Find(text, "", []).Select(e => e.Display).ToList();
        Assert.Contains(name, names);
        Assert.DoesNotContain(notName, names);
    }

    [Theory]
    [InlineData("Hackers took 7 billion yen from Zaif, run by Osaka-based Tech Bureau. Zaif halted deposits.", "Zaif", "Tech Bureau")]
    [InlineData("Dunamu, the operator of Upbit, said 342,000 ETH left a hot wallet. Upbit will cover the loss.", "Upbit", "Dunamu")]
    [InlineData("Ronin's Vietnam-based developer Sky Mavis said the bridge was drained. Ronin paused.", "Ronin", "Sky Mavis")]
    [InlineData("Remixpoint's subsidiary Bitpoint lost 3.5 billion yen. Bitpoint suspended trading.", "Bitpoint", "Remixpoint")]
    public void EntityRecognizer_APlatformAndTheCompanyTheTextSaysRunsIt_AreOneEntity(string text, string shown, string alias)
    {
        var entities = EntityRecognizer.Find(text, "", []);
        var e = Assert.Single(entities, x => x.Mentions.Any(m => m.Text == alias));
        Assert.Contains(e.Mentions, m => m.Text == shown);
        Assert.Equal(shown, e.Display);
    }

    [Theory]
    [InlineData("Bybit and its developer relations team met Binance. Binance said nothing.", "Bybit", "Binance")]
    [InlineData("Coinbase said Kraken was not affected, and Kraken agreed.", "Coinbase", "Kraken")]
    [InlineData("Harmony, run by Chris Larsen, lost funds. Harmony paused.", "Harmony", "Chris Larsen")]
    [InlineData("Trust Wallet, the self-custody wallet owned by Binance, lost $7 million. Binance said it would pay.", "Trust Wallet", "Binance")]
    public void EntityRecognizer_NamesWithoutAnOperatorRelation_StayApart(string text, string a, string b)
    {
        var entities = EntityRecognizer.Find(text, "", []);
        var ea = Assert.Single(entities, x => x.Mentions.Any(m => m.Text == a));
        Assert.DoesNotContain(ea.Mentions, m => m.Text == b);
    }

    [Fact]
    public void EntityRecognizer_ANameOnlyInATitleCaseHeading_IsNotProposed()
    {
        var text = "Notice Regarding the Unauthorized Outflow of Crypto Assets at Our Consolidated Subsidiary\n\n" +
                   "Our consolidated subsidiary BITPoint Japan detected an unauthorized outflow of crypto assets on 11 July.\n\n" +
                   "Response Measures Taken by BITPoint\n\nBITPoint suspended all services.";
        var names = EntityRecognizer.Find(text, "", []).Select(e => e.Display).ToList();
        Assert.Contains(names, n => n.StartsWith("BITPoint", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("Notice", StringComparison.Ordinal) || n.Contains("Consolidated", StringComparison.Ordinal) || n.Contains("Unauthorized", StringComparison.Ordinal) || n.Contains("Response", StringComparison.Ordinal));
    }
}
