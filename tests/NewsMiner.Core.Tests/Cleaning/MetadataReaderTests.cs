using AngleSharp.Html.Parser;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Core.Tests.Cleaning;

public sealed class MetadataReaderTests
{
    private static PageMetadata Read(string head, string body = "<p>Text.</p>", string url = "https://example.com/news/story") =>
        MetadataReader.Read(new HtmlParser().ParseDocument($"<html><head>{head}</head><body>{body}</body></html>"), url);

    private static string Ld(string json) => $"<script type=\"application/ld+json\">{json}</script>";

    // ---------- title: order of sources ----------

    [Fact]
    public void Title_JsonLdHeadline_BeatsOpenGraphAndTitleElement()
    {
        var m = Read(Ld("""{"@context":"https://schema.org","@type":"NewsArticle","headline":"The deck of cards that made tarot"}""") +
                     "<meta property='og:title' content='Social teaser title'><title>Page title | Site</title>");
        Assert.Equal("The deck of cards that made tarot", m.Title);
    }

    [Fact]
    public void Title_DublinCoreProperty_BeatsOpenGraph_AndSpaceSeparatedPropertiesCount()
    {
        var m = Read("<meta property='og:title twitter:title' content='Open Graph title'><meta property='x:title dc:title' content='Dublin Core title'>");
        Assert.Equal("Dublin Core title", m.Title);
    }

    [Fact]
    public void Title_OpenGraph_BeatsTitleElement_AndKeepsItsWording()
    {
        var m = Read("<title>Something else entirely - Site</title><meta property='og:title' content='Obama admits gun laws are his biggest frustration - BBC News'>");
        Assert.Equal("Obama admits gun laws are his biggest frustration - BBC News", m.Title);
    }

    [Fact]
    public void Title_JsonLdNameThatIsTheSiteName_GivesWayToHeadline()
    {
        var m = Read(Ld("""{"@context":"http://schema.org","@type":"NewsArticle","name":"Daily Ledger","headline":"Exchange halts withdrawals after hack","publisher":{"@type":"Organization","name":"Daily Ledger"}}"""));
        Assert.Equal("Exchange halts withdrawals after hack", m.Title);
        Assert.Equal("Daily Ledger", m.SiteName);
    }

    [Fact]
    public void Title_JsonLdInCdataAndGraph_IsRead()
    {
        var m = Read("""
            <script type="application/ld+json">//<![CDATA[
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"BlogPosting","headline":"Post in a graph",
             "author":{"@id":"#jane"},"datePublished":"2024-06-25T10:00:00+02:00"},{"@type":"Person","@id":"#jane","name":"Jane Doe"}]}
            //]]></script>
            """);
        Assert.Equal("Post in a graph", m.Title);
        Assert.Equal("Jane Doe", m.Author);
        Assert.Equal(new DateTimeOffset(2024, 6, 25, 10, 0, 0, TimeSpan.FromHours(2)), m.Published);
    }

    // ---------- title: the <title> element ----------

    [Theory]
    [InlineData("A long story headline about exchanges | Site", null, "A long story headline about exchanges")]
    [InlineData("Lorem ipsum dolor sit amet – My website", null, "Lorem ipsum dolor sit amet")]
    [InlineData("Short news | Site Name", null, "Short news | Site Name")]                  // two words left: keep it whole
    [InlineData("Exchange halts withdrawals | The Ledger Times", "The Ledger Times", "Exchange halts withdrawals")] // known site name goes
    [InlineData("The Ledger Times - Exchange halts withdrawals", "The Ledger Times", "Exchange halts withdrawals")]
    [InlineData("Base URL test", null, "Base URL test")]
    public void Title_FromTitleElement_StripsSitePartOnlyWhenSafe(string title, string? siteName, string expected)
    {
        var head = $"<title>{title}</title>" + (siteName is null ? "" : $"<meta property='og:site_name' content='{siteName}'>");
        Assert.Equal(expected, Read(head, "<h1>Lorem</h1><p>Text.</p>").Title);
    }

    [Fact]
    public void Title_TitleElementIsPreferredToADifferentH1()
    {
        Assert.Equal("Daring Fireball: Colophon", Read("<title>Daring Fireball: Colophon</title>", "<h1>About This Site</h1>").Title);
    }

    [Fact]
    public void Title_OnlyH1_WhenThereIsNoTitleElement()
    {
        Assert.Equal("Only heading", Read("", "<h1>Only heading</h1><p>x</p>").Title);
    }

    // ---------- author ----------

    [Fact]
    public void Author_DublinCoreProperty_BeatsAuthorMeta()
    {
        var m = Read("<meta name='author' content='Meta Author'><meta name='DC.creator' content='Dublin Core Name'><meta property='dc:creator' content='Dublin Core Property'>");
        Assert.Equal("Dublin Core Property", m.Author);
    }

    [Fact]
    public void Author_RepeatedMetaNamesEveryAuthor()
    {
        var m = Read("<meta name='DC.Creator' content='Kooman, F.'><meta name='DC.Creator' content='Jong, Michiel de'>");
        Assert.Equal("Kooman, F.; Jong, Michiel de", m.Author);
    }

    [Fact]
    public void Author_ArticleAuthorUrl_IsNotAName_SoTheBylineIsUsed()
    {
        var m = Read("<meta property='article:author' content='https://www.facebook.com/someone'>",
            "<article><div class='byline'>By <a href='/author/jane-doe'>Jane Doe</a> | June 5, 2020</div><p>Text.</p></article>");
        Assert.Equal("Jane Doe", m.Author);
    }

    [Fact]
    public void Author_GarbageJsonLdAuthor_FallsThroughToMeta()
    {
        var m = Read(Ld("""{"@context":"https://schema.org","@type":"Article","headline":"H","author":"CC7567"}""") + "<meta name='author' content='Jane Doe'>");
        Assert.Equal("Jane Doe", m.Author);
    }

    [Fact]
    public void Author_BylineInRelatedStoriesOrAccountMenu_IsIgnored()
    {
        var m = Read("", "<div id='authorization'><a href='/user/account'>My Account</a></div><article><p>Text of the story.</p>" +
                         "<div class='related'><span class='author'>Par Someone Else</span></div></article>");
        Assert.Null(m.Author);
    }

    [Fact]
    public void Author_NavigationTabNamedBylines_IsNotAnAuthor()
    {
        var m = Read("", "<div class='globalNav'><ul><li id='navBylines'><a href='/bylines/'>Columnists</a></li></ul></div><article><p>Text.</p></article>");
        Assert.Null(m.Author);
    }

    [Fact]
    public void Author_BylineFollowedByDate_IsTheFirstByline()
    {
        var m = Read("", "<article><div class='article-dateline'>April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm</div>" +
                         "<div class='article-byline'><span class='byline-copy'>By</span> <a rel='author' href='/x'>Benjamin Romano</a> Seattle Times business reporter</div><p>Text.</p></article>");
        Assert.Equal("Benjamin Romano", m.Author);
    }

    [Theory]
    [InlineData("By Jane Doe", "Jane Doe")]
    [InlineData("by Lucas Nolan22 Dec 2016651", "Lucas Nolan")]
    [InlineData("By Nathan Willis March 25, 2015", "Nathan Willis")]
    [InlineData("By GILLIAN MOHNEY March 11, 2015 3:46 PM", "GILLIAN MOHNEY")]
    [InlineData("Par Sébastien Farcis", "Sébastien Farcis")]
    [InlineData("Written by Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk")]
    [InlineData("Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech Project", "Daniel Kahn Gillmor")]
    [InlineData("Stella Kim, Jennifer Jett", "Stella Kim, Jennifer Jett")]
    [InlineData("Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn")]
    [InlineData("Jane Doe | Updated 3 hours ago", "Jane Doe")]
    [InlineData("史蒂文的家_藍天 (stevenhgm)", "史蒂文的家_藍天 (stevenhgm)")]
    [InlineData("Avery Smith", "Avery Smith")]
    public void CleanAuthor_KeepsTheName(string raw, string expected) => Assert.Equal(expected, BylineReader.CleanAuthor(raw));

    [Theory]
    [InlineData("Email the author")]
    [InlineData("Follow Author")]
    [InlineData("Last Updated: January 7, 2025")]
    [InlineData("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm")]
    [InlineData("12/06/2025")]
    [InlineData("By staff@example.com")]
    [InlineData("@janedoe")]
    [InlineData("https://www.facebook.com/janedoe")]
    [InlineData("CC7567")]
    [InlineData("devindra")]
    [InlineData("admin")]
    [InlineData("My Account")]
    [InlineData("By")]
    public void CleanAuthor_RefusesWhatIsNotAName(string raw) => Assert.Null(BylineReader.CleanAuthor(raw));

    // ---------- dates ----------

    [Theory]
    [InlineData("2015-07-10 09:53:00 -0400", "2015-07-10T09:53:00-04:00")]
    [InlineData("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00")]
    [InlineData("2015-10-15T02:19:15.607Z", "2015-10-15T02:19:15.607+00:00")]
    [InlineData("2024-06-25", "2024-06-25T00:00:00+00:00")]
    [InlineData("2018-04-05T06:00", "2018-04-05T06:00:00+00:00")]
    [InlineData("Tue, 03 Jun 2025 11:42:00 +1000", "2025-06-03T11:42:00+10:00")]
    [InlineData("June 3, 2025 11:42 AM", "2025-06-03T11:42:00+00:00")]
    [InlineData("3 juin 2025", "2025-06-03T00:00:00+00:00")]
    [InlineData("21.12.2018 14:05", "2018-12-21T14:05:00+00:00")]
    [InlineData("05/29/2007 09:49:00", "2007-05-29T09:49:00+00:00")]
    [InlineData("1429214521", "2015-04-16T20:02:01+00:00")]
    public void ParseDate_NormalisesToAnInstantWithOffset(string raw, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateNormalizer.Parse(raw));

    [Theory]
    [InlineData("05/08/2014")]          // May 8 or 5 August: refused
    [InlineData("2099-01-01T00:00:00Z")] // in the future
    [InlineData("1970-01-01")]          // before the web
    [InlineData("2023-02-30")]
    [InlineData("yesterday")]
    public void ParseDate_RefusesAmbiguousOrImplausibleDates(string raw) => Assert.Null(DateNormalizer.Parse(raw));

    [Fact]
    public void Published_JsonLdBeatsMeta_AndModifiedIsRead()
    {
        var m = Read(Ld("""{"@context":"http://schema.org","@type":"NewsArticle","headline":"H","datePublished":"2015-10-15T02:19:15Z","dateModified":"2018-04-22T22:24:24Z"}""") +
                     "<meta property='article:published_time' content='2015-12-11T14:28:34Z'>");
        Assert.Equal(new DateTimeOffset(2015, 10, 15, 2, 19, 15, TimeSpan.Zero), m.Published);
        Assert.Equal(new DateTimeOffset(2018, 4, 22, 22, 24, 24, TimeSpan.Zero), m.Modified);
    }

    [Fact]
    public void Published_WithoutOffset_BorrowsTheOffsetOfTheSameTimeElsewhere()
    {
        var m = Read(Ld("""{"@context":"https://schema.org","@type":"Article","headline":"H","datePublished":"2017-11-03 03:01:00.000000"}""") +
                     "<meta name='published_at' content='2017-11-03T03:01:00-04:00'>");
        Assert.Equal(new DateTimeOffset(2017, 11, 3, 3, 1, 0, TimeSpan.FromHours(-4)), m.Published);
    }

    [Fact]
    public void Published_ParselyPubDate_AndUrlDateFallback()
    {
        Assert.Equal(new DateTimeOffset(2024, 4, 20, 4, 20, 0, TimeSpan.Zero), Read("<meta name='parsely-pub-date' content='2024-04-20T04:20:00.000Z'>").Published);
        Assert.Equal(new DateTimeOffset(2016, 12, 22, 0, 0, 0, TimeSpan.Zero),
            Read("<link rel='canonical' href='https://example.com/tech/2016/12/22/some-story/'>").Published);
    }

    [Fact]
    public void Published_SourcesDisagree_TheOneMatchingTheUrlDateWins()
    {
        var m = Read(Ld("""{"@context":"https://schema.org","@type":"NewsArticle","headline":"H","datePublished":"2016-05-08T10:11:51+01:00"}""") +
                     "<meta property='article:published_time' content='2015-09-17T16:57:43+01:00'>",
            url: "https://example.com/2015/09/17/story");
        Assert.Equal(new DateTimeOffset(2015, 9, 17, 16, 57, 43, TimeSpan.FromHours(1)), m.Published);
    }

    [Fact]
    public void Published_VisibleDateline_InTheArticleHeaderOnly()
    {
        var header = Read("", "<h1>Story</h1><div class='post-date'>Published April 5, 2018 | 6:00 PM</div><p>" + new string('x', 200) + "</p>");
        Assert.Equal(new DateTimeOffset(2018, 4, 5, 18, 0, 0, TimeSpan.Zero), header.Published);
        var body = "<p>" + new string('x', 200) + "</p><p>" + new string('y', 200) + "</p>";
        var citation = Read("", "<h1>Story</h1>" + body + "<span class='reference-accessdate'>Retrieved 2016-05-01</span>");
        Assert.Null(citation.Published);
    }

    [Fact]
    public void Modified_EarlierThanPublished_IsDropped()
    {
        var m = Read("<meta property='article:published_time' content='2020-01-02T00:00:00Z'><meta property='article:modified_time' content='2019-01-01T00:00:00Z'>");
        Assert.Null(m.Modified);
    }

    // ---------- language, site name, canonical URL ----------

    [Fact]
    public void LanguageSiteNameAndUrl_AreRead()
    {
        var m = MetadataReader.Read(new HtmlParser().ParseDocument(
            "<html lang='pt-BR'><head><meta property='og:site_name' content='Folha'><link rel='canonical' href='/esporte/story.shtml'></head><body></body></html>"),
            "https://www1.folha.uol.com.br/x?utm=1");
        Assert.Equal("pt", m.Language);
        Assert.Equal("Folha", m.SiteName);
        Assert.Equal("https://www1.folha.uol.com.br/esporte/story.shtml", m.Url);
    }

    [Fact]
    public void SiteName_NeverAUrl()
    {
        Assert.Null(Read("<meta property='og:site_name' content='http://www.example.com'>").SiteName);
    }
}
