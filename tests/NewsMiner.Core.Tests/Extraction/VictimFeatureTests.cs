using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Tests.Extraction;

/// <summary>The victim features that tell an ordinary capitalised word and a name met only through a pronoun apart.</summary>
public sealed class VictimFeatureTests
{
    private const int OpensSentence = 38, WrittenInLowerCase = 39, NextTheftSentenceIsAbout = 40;

    private static float[] Features(string text, string name)
    {
        var c = CandidateSet.Build(new ArticleDocument("", text, new DateOnly(2024, 3, 10)));
        var e = Assert.Single(c.Entities, x => x.Display == name);
        return FeatureBuilder.Victim(c, e).Numeric;
    }

    [Fact]
    public void ASentenceOpeningWordAlsoWrittenInLowerCase_IsMarked()
    {
        const string text = "Hackers drained $3 million from Seneca on Wednesday. Initial estimates were lower, and the initial report named nobody.";
        var word = Features(text, "Initial");
        Assert.Equal(1, word[OpensSentence]);
        Assert.Equal(1, word[WrittenInLowerCase]);
        var name = Features(text, "Seneca");
        Assert.Equal(0, name[OpensSentence]);
        Assert.Equal(0, name[WrittenInLowerCase]);
    }

    [Fact]
    public void TheLastNameBeforeATheftSentenceThatNamesNobody_IsWhatThatSentenceIsAbout()
    {
        const string text = "The bug is much like the one that brought down Flexcoin. The Canadian storage company said an attacker took 896 BTC from its hot wallet on Sunday.\n\nPoloniex said its own loss was smaller.";
        Assert.Equal(1, Features(text, "Flexcoin")[NextTheftSentenceIsAbout]);
        Assert.Equal(0, Features(text, "Poloniex")[NextTheftSentenceIsAbout]);
    }
}
