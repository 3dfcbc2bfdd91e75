using NewsMiner.Core.Cleaning.Evaluation;

namespace NewsMiner.Core.Tests.Cleaning;

public sealed class TextMetricTests
{
    private const string Truth = "Hackers stole eleven million dollars from the exchange on Thursday, the company said in a statement.";

    [Fact]
    public void Score_IdenticalTexts_ArePerfect()
    {
        var s = TextMetric.Score("a", Truth, Truth);
        Assert.Equal(1, s.Precision);
        Assert.Equal(1, s.Recall);
        Assert.True(s.Exact);
    }

    [Fact]
    public void Score_IgnoresPunctuationAndWhitespace_ButKeepsCase()
    {
        Assert.True(TextMetric.Score("a", "Hackers  stole eleven million dollars -- from the exchange on Thursday the company said in a statement", Truth).Exact);
        Assert.False(TextMetric.Score("a", Truth.ToLowerInvariant(), Truth).Exact);
    }

    [Fact]
    public void Score_WholePage_HasHighRecallLowPrecision()
    {
        var page = "Home News Sport Weather Subscribe now to our newsletter for daily updates on markets and more " + Truth +
                   " Related stories: exchange halts withdrawals after outage; bitcoin climbs above sixty thousand dollars again";
        var s = TextMetric.Score("a", page, Truth);
        Assert.Equal(1, s.Recall);
        Assert.InRange(s.Precision!.Value, 0.2, 0.6);
    }

    [Fact]
    public void Aggregate_LeavesEmptyPredictionsOutOfPrecision()
    {
        var pages = new[] { TextMetric.Score("a", Truth, Truth), TextMetric.Score("b", "", Truth) };
        var agg = TextMetric.Aggregate(pages, bootstrap: 10);
        Assert.Equal(1, agg.Precision);
        Assert.Equal(0.5, agg.Recall);
        Assert.Equal(2 * 1 * 0.5 / 1.5, agg.F1, 6);
        Assert.Equal(0.5, agg.Accuracy);
    }

    [Fact]
    public void Shingles_ShortTextIsOneShingle()
    {
        var bag = TextMetric.Shingles(TextMetric.Tokens("only three words"));
        Assert.Single(bag);
        Assert.Equal(4, TextMetric.Shingles(TextMetric.Tokens("one two three four five six seven")).Values.Sum());
    }
}
