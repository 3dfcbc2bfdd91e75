using System.Text.RegularExpressions;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Core.Tests.Cleaning;

public sealed class WordListTests
{
    private static readonly WordList List = new(["related", "sign-up"], words: ["nav", "ad", "sr-only"], prefixes: ["next-post"], suffixes: ["menu"]);

    [Theory]
    [InlineData("post-related-links", true)]   // a part anywhere
    [InlineData("RelatedStories", true)]       // case does not matter
    [InlineData("footer-sign-up-box", true)]
    [InlineData("main-nav", true)]             // a whole word after '-'
    [InlineData("nav_primary", true)]
    [InlineData("site nav", true)]
    [InlineData("canvas", false)]              // not a word
    [InlineData("navigator", false)]
    [InlineData("ad", true)]
    [InlineData("header-ad-slot", true)]
    [InlineData("shadow", false)]
    [InlineData("sr-only", true)]
    [InlineData("sr-only-focusable", true)]
    [InlineData("xsr-only", false)]
    [InlineData("next-posts", true)]           // a prefix: the start of a word
    [InlineData("the-next-post", true)]
    [InlineData("annext-post", false)]
    [InlineData("topmenu", true)]              // a suffix: the end of a word
    [InlineData("menu-item", true)]
    [InlineData("menuitem", false)]
    [InlineData("", false)]
    [InlineData("x", false)]
    [InlineData("ünavigable nav", true)]
    public void IsMatch_FollowsTheWordRules(string name, bool expected) => Assert.Equal(expected, List.IsMatch(name));

    [Fact]
    public void Union_SaysWhichListsMatched()
    {
        var union = WordList.Union(new WordList(["share"]), new WordList(["content"]), new WordList([], words: ["ad"]));
        Assert.Equal(0b011u, union.Match("share-content"));
        Assert.Equal(0b101u, union.Match("ad share"));
        Assert.Equal(0u, union.Match("header"));
    }

    [Fact]
    public void Constructor_RefusesWordsItCannotMatch() =>
        Assert.Throws<ArgumentException>(() => new WordList(["Related"]));

    [Fact]
    public void IsMatch_AgreesWithTheEquivalentRegex_OnGeneratedNames()
    {
        // Every combination of a few fragments and delimiters: the rules must be exactly the regex in the summary.
        var regex = new Regex(@"related|sign-up|(^|[\s_-])(nav|ad|sr-only)([\s_-]|$)|(^|[\s_-])next-post|menu([\s_-]|$)", RegexOptions.IgnoreCase);
        string[] fragments = ["nav", "Ad", "x", "related", "sr", "only", "next", "post", "menu", "top"];
        string[] delimiters = ["", "-", "_", " "];
        var checkedNames = 0;
        foreach (var a in fragments)
            foreach (var d1 in delimiters)
                foreach (var b in fragments)
                    foreach (var d2 in delimiters)
                        foreach (var c in fragments)
                        {
                            var name = a + d1 + b + d2 + c;
                            Assert.True(regex.IsMatch(name) == List.IsMatch(name), name);
                            checkedNames++;
                        }
        Assert.Equal(16_000, checkedNames);
    }
}
