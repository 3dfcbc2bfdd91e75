using NewsMiner.Core.Pricing;

namespace NewsMiner.Core.Tests.Pricing;

public sealed class PriceTableTests
{
    [Fact]
    public void Default_CoversTheMajorAssetsAndCurrenciesFrom2014()
    {
        var table = PriceTable.Default;
        foreach (var asset in new[] { "BTC", "ETH", "BNB", "SOL", "XRP", "USDT", "USDC", "DAI", "TRX", "MATIC", "AVAX", "KRW", "JPY", "EUR", "GBP", "INR", "TRY" })
            Assert.Contains(asset, table.Assets);
        Assert.Equal("2014-01", table.Range.First);
    }

    [Theory]
    [InlineData("BTC", "2021-11-10", 50_000, 70_000)]
    [InlineData("ETH", "2022-03", 2_000, 4_000)]
    [InlineData("WETH", "2022-03-29", 2_000, 4_000)]
    [InlineData("JPY", "2018-01-26", 0.008, 0.01)]
    [InlineData("KRW", "2019-11-27", 0.0008, 0.0009)]
    [InlineData("USDT", "2023-09-01", 0.99, 1.01)]
    public void ToUsd_UsesTheMonthsReferencePrice(string currency, string date, double low, double high)
    {
        var c = PriceTable.Default.ToUsd(1m, currency, date)!;
        Assert.InRange((double)c.Usd, low, high);
        Assert.Equal(date[..7], c.Month);
        Assert.Null(c.Note);
    }

    [Fact]
    public void ToUsd_UnknownCurrencyOrMissingDateOrBeforeTheAssetExisted_IsNull()
    {
        Assert.Null(PriceTable.Default.ToUsd(1m, "XYZ", "2024-01"));
        Assert.Null(PriceTable.Default.ToUsd(1m, "ETH", null));
        Assert.Null(PriceTable.Default.ToUsd(1m, "SOL", "2019-05"));
    }

    [Fact]
    public void ToUsd_AfterTheTableEnds_UsesTheLastMonthAndSaysSo()
    {
        var c = PriceTable.Default.ToUsd(1m, "BTC", "2099-01-01")!;
        Assert.Equal(PriceTable.Default.Range.Last, c.Month);
        Assert.Contains("after the price table's last month", c.Note);
    }

    [Fact]
    public void Parse_BadCell_NamesTheLineAndAsset()
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => PriceTable.Parse(new StringReader("month,BTC\n2020-01,abc\n"), "p.csv"));
        Assert.Contains("line 2", ex.Reason);
        Assert.Contains("BTC", ex.Reason);
    }
}
