using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Tests.Extraction;

/// <summary>The victim features that tell an ordinary capitalised word, a name met only through a pronoun and the thief of a court story apart.</summary>
public sealed class VictimFeatureTests
{
    private const int OpensSentence = 38, WrittenInLowerCase = 39, NextTheftSentenceIsAbout = 40, ChargedAfter = 45, ChargedBefore = 46, QuantityBefore = 47,
        MoreTheftSentences = 48, MoreTheftSentencesWithAmount = 49, ShareOfMostTheftSentences = 50, VerbAfterApposition = 51;

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

    [Fact]
    public void TheChargedPersonOfACourtStory_IsMarkedAndTheRobbedCompanyIsNot()
    {
        const string text = "Ilya Lichtenstein, 35, pleaded guilty on Thursday to laundering bitcoin stolen from Bitfinex in 2016. "
                            + "Prosecutors had charged Lichtenstein in 2022. Bitfinex said it welcomed the plea.";
        var thief = Features(text, "Ilya Lichtenstein");
        Assert.Equal(1, thief[ChargedAfter]);
        Assert.Equal(0, thief[ChargedBefore]);
        var surname = Features(text, "Lichtenstein"); // grouped with the full name when the incident is named
        Assert.Equal(0, surname[ChargedAfter]);
        Assert.Equal(1, surname[ChargedBefore]);
        var victim = Features(text, "Bitfinex");
        Assert.Equal(0, victim[ChargedAfter]);
        Assert.Equal(0, victim[ChargedBefore]);
    }

    [Fact]
    public void ATokenWrittenAfterAQuantity_IsMarkedButANameAfterAYearIsNot()
    {
        const string text = "An attacker minted 1.1 billion VET and swapped them on Monday. Like the 2022 Ronin hack, the VeChain Foundation breach began with a key.";
        Assert.Equal(1, Features(text, "VET")[QuantityBefore]);
        Assert.Equal(0, Features(text, "Ronin")[QuantityBefore]);
    }

    [Fact]
    public void AVerbAfterAnApposition_IsTheNamesVerb()
    {
        const string text = "On 23 July, Alphapo, a processor that also serves online casinos, lost about $60 million from its hot wallets. Tether, the stablecoin issuer, said nothing.";
        Assert.Equal(1, Features(text, "Alphapo")[VerbAfterApposition]);
        Assert.Equal(0, Features(text, "Tether")[VerbAfterApposition]);
    }

    [Fact]
    public void TheNameMostTheftSentencesAreAbout_RanksFirstAgainstTheOthers()
    {
        const string text = "Hackers drained $5 million from Seneca on Monday. Seneca said the stolen funds came from its hot wallet. "
                            + "The theft was the largest since Orbit was hacked. Binance said it froze some of the stolen funds.";
        var main = Features(text, "Seneca");
        Assert.Equal([0f, 0f, 1f], new[] { main[MoreTheftSentences], main[MoreTheftSentencesWithAmount], main[ShareOfMostTheftSentences] });
        var background = Features(text, "Orbit");
        Assert.Equal(0.1f, background[MoreTheftSentences]);
        Assert.Equal(0.1f, background[MoreTheftSentencesWithAmount]);
        Assert.Equal(0.5f, background[ShareOfMostTheftSentences]);
    }

    [Fact]
    public void TheWordsOfTheNamesSentences_AreVictimContextButNotPrimaryContext()
    {
        const string text = "Late on Sunday, attackers quietly drained about $5 million from Seneca through a forged withdrawal.";
        var c = CandidateSet.Build(new ArticleDocument("", text, new DateOnly(2024, 3, 10)));
        var seneca = Assert.Single(c.Entities, x => x.Display == "Seneca");
        Assert.Contains("s_forged", FeatureBuilder.Victim(c, seneca).Context);
        Assert.DoesNotContain("s_forged", FeatureBuilder.Primary(c, seneca, [seneca]).Context);
    }
}
