using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Tests.Extraction;

/// <summary>What the relevance model reads of an article beyond its title and lead.</summary>
public sealed class RelevanceFeatureTests
{
    [Fact]
    public void TheWordsOfEveryTheftSentence_AreInTheContext_AndOnlyThose()
    {
        var lead = string.Join(" ", Enumerable.Repeat("The protocol published its quarterly roadmap and hired staff.", 30));
        var text = lead + "\n\nA researcher showed the bridge could have been drained, and was paid a bounty. Governance votes resume in May.";
        var c = CandidateSet.Build(new ArticleDocument("Roadmap update", text, new DateOnly(2024, 3, 10)));
        var context = FeatureBuilder.Relevance(c).Context;
        Assert.Contains("s_bounty", context);
        Assert.Contains("s_drained", context);
        Assert.DoesNotContain("s_governance", context);
        Assert.DoesNotContain(" bounty", context.Replace("s_bounty", "")); // past the 1,500-character lead
    }
}
