using System.Text;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Cleaning;

public sealed class AngleSharpArticleCleanerTests
{
    private readonly AngleSharpArticleCleaner _cleaner = new();

    private CleanedArticle CleanHtml(string html, string? contentType = null) =>
        _cleaner.Clean(new RawPage("test.html", "https://example.com/news/story", Encoding.UTF8.GetBytes(html), contentType));

    [Fact]
    public void Clean_KeepsArticleAndMetadata_WhenSeedPageHasBoilerplate()
    {
        var a = ArticleFiles.Read(TestPaths.Seed, _cleaner);

        Assert.Equal("Taiwanese crypto exchange BitoPro pins US$11m hot wallet theft on North Korea", a.Title);
        Assert.Equal("Liam Hartigan", a.Author);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 11, 42, 0, TimeSpan.FromHours(10)), a.Published);
        Assert.Equal("en", a.Language);
        Assert.Equal("Cyber Daily Brief", a.SiteName);
        Assert.Equal("https://www.cyberdailybrief.com.au/security/bitopro-blames-dprk-for-hot-wallet-theft", a.Url);
        Assert.Contains("the cyber attack itself was carried out on 8 May", a.Text);
        Assert.Contains("US$1.5 billion from the Bybit cryptocurrency exchange", a.Text);
        // Boilerplate stays out: teasers naming other thefts, share bar, bio, newsletter, cookie banner, footer.
        Assert.DoesNotContain("Cetus", a.Text);
        Assert.DoesNotContain("Share this article", a.Text);
        Assert.DoesNotContain("senior journalist", a.Text);
        Assert.DoesNotContain("newsletter", a.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cookies", a.Text);
        Assert.DoesNotContain("All rights reserved", a.Text);
        Assert.Contains("\n\n", a.Text);
    }

    [Fact]
    public void Clean_SplitsBrSeparatedDivText_IntoParagraphs()
    {
        var a = CleanHtml("<html><body><div class='content'>First line of the story, with details, and more details here.<br>Second line of the story, also long enough to count as text.<br><br>Third line, which closes the piece, with a comma.</div></body></html>");
        var paragraphs = a.Text.Split("\n\n");
        Assert.Equal(3, paragraphs.Length);
        Assert.StartsWith("Second line", paragraphs[1]);
    }

    [Fact]
    public void Clean_DropsHiddenElements()
    {
        var a = CleanHtml("<html><body><article><p>Visible paragraph of the article body, long enough to be kept as prose.</p><p style='display:none'>Hidden teaser: Bybit loses $1.5bn</p><p hidden>Also hidden</p></article></body></html>");
        Assert.DoesNotContain("Bybit", a.Text);
        Assert.DoesNotContain("Also hidden", a.Text);
    }

    [Fact]
    public void Clean_TakesTitleFromTitleTagMinusSiteName_WhenNoOtherSource()
    {
        var a = CleanHtml("<html><head><title>Exchange halts withdrawals | The Ledger Times</title><meta property='og:site_name' content='The Ledger Times'></head><body><p>Body text long enough, with commas, to be the article.</p></body></html>");
        Assert.Equal("Exchange halts withdrawals", a.Title);
    }

    [Theory]
    [InlineData("Email the author")]
    [InlineData("12/06/2025")]
    [InlineData("By staff@example.com")]
    public void Clean_RefusesGarbageAuthor(string author)
    {
        var a = CleanHtml($"<html><head><meta name='author' content='{author}'></head><body><p>Text of the article, long enough.</p></body></html>");
        Assert.Null(a.Author);
    }

    [Fact]
    public void Clean_ReadsJsonLdHeadlineAuthorAndDate()
    {
        var a = CleanHtml("""
            <html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge drained","author":{"@type":"Person","name":"Ana Ruiz"},"datePublished":"2024-01-02T08:00:00+09:00","publisher":{"@type":"Organization","name":"Chain Wire"}}</script></head>
            <body><p>Text of the article, long enough to count, with commas, and more.</p></body></html>
            """);
        Assert.Equal("Bridge drained", a.Title);
        Assert.Equal("Ana Ruiz", a.Author);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 8, 0, 0, TimeSpan.FromHours(9)), a.Published);
        Assert.Equal("Chain Wire", a.SiteName);
    }

    [Fact]
    public void Clean_DecodesWindows1252_WhenPageDeclaresNoCharset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><body><p>Caf\u00e9 owners lost \u20ac2 million \u2014 the exchange said so, in a statement.</p></body></html>";
        var bytes = Encoding.GetEncoding(1252).GetBytes(html);
        var a = _cleaner.Clean(new RawPage("cp1252.html", null, bytes));
        Assert.Contains("Caf\u00e9 owners lost \u20ac2 million \u2014 the exchange", a.Text);
    }

    [Fact]
    public void Clean_HttpCharsetWins_OverMetaCharset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta charset='utf-8'></head><body><p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440 \u2014 long enough text, with commas.</p></body></html>";
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes(html.Replace("\u2014", "-"));
        var a = _cleaner.Clean(new RawPage("koi8.html", null, bytes, "text/html; charset=KOI8-R"));
        Assert.Contains("\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440", a.Text);
    }

    [Fact]
    public void Clean_DecodesShiftJis_FromMetaCharset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'></head><body><p>\u6697\u53f7\u8cc7\u7523\u4ea4\u63db\u696d\u8005\u304b\u3089\u4e0d\u6b63\u6d41\u51fa\u3001\u7d04\u0034\u0038\u0030\u5104\u5186\u3002\u8b66\u5bdf\u304c\u6355\u67fb\u3057\u3066\u3044\u307e\u3059\u3002</p></body></html>";
        var a = _cleaner.Clean(new RawPage("sjis.html", null, Encoding.GetEncoding("shift_jis").GetBytes(html)));
        Assert.Contains("\u6697\u53f7\u8cc7\u7523\u4ea4\u63db\u696d\u8005", a.Text);
        Assert.Equal("ja", a.Language);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34 }, "PDF")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x00, 0x00, 0x05, 0x00, 0x00, 0x10 }, "binary")]
    public void Clean_RefusesNonHtml_WithReasonNamingInput(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<NewsMinerInputException>(() => _cleaner.Clean(new RawPage("bad.bin", null, bytes)));
        Assert.Equal("bad.bin", ex.Input);
        Assert.Contains(expected, ex.Reason);
    }

    [Fact]
    public void Clean_RefusesPageOverSizeLimit()
    {
        var cleaner = new AngleSharpArticleCleaner(new CleanerOptions { MaxBytes = 1024 * 1024 });
        var big = Encoding.UTF8.GetBytes("<html><body>" + new string('a', 2 * 1024 * 1024) + "</body></html>");
        var ex = Assert.Throws<NewsMinerInputException>(() => cleaner.Clean(new RawPage("big.html", null, big)));
        Assert.Contains("over the 1 MB limit", ex.Reason);
    }

    [Fact]
    public void Clean_RefusesPageOverElementBudget_NamingTheCount()
    {
        var cleaner = new AngleSharpArticleCleaner(new CleanerOptions { MaxElements = 100 });
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<p>Short paragraph of the story.</p>", 150)) + "</body></html>";
        var ex = Assert.Throws<NewsMinerInputException>(() => cleaner.Clean(new RawPage("many.html", null, Encoding.UTF8.GetBytes(html))));
        Assert.Equal("many.html", ex.Input);
        Assert.Equal("the page has 153 elements, over the budget of 100", ex.Reason);
        Assert.NotEmpty(new AngleSharpArticleCleaner(new CleanerOptions { MaxElements = 153 }).Clean(new RawPage("many.html", null, Encoding.UTF8.GetBytes(html))).Text);
    }

    [Fact]
    public void Clean_SurvivesDeeplyNestedAndUnclosedMarkup()
    {
        var sb = new StringBuilder("<html><body>");
        for (var i = 0; i < 20000; i++) sb.Append("<div>");
        sb.Append("<p>Deep text of the story, with commas, long enough to be an article paragraph.</p>");
        sb.Append("<p>Unclosed <b>bold <i>italic <span>never closed");
        var a = CleanHtml(sb.ToString());
        Assert.Contains("Deep text of the story", a.Text);
    }

    private const string Story =
        "<p>The exchange said on Tuesday that attackers had drained its hot wallet overnight, taking tokens worth about $30 million, " +
        "and that customer balances held in cold storage were not affected.</p><p>Investigators traced the funds through several " +
        "bridges, and the exchange said it would cover every loss from its own reserves, according to a statement.</p>";

    [Fact]
    public void Clean_ReadsArticle_WhenAFormWrapsTheWholePage()
    {
        // ASP.NET pages put everything inside one <form>: it is the page, not a sign-up box, so captions stay out.
        var a = CleanHtml("<html><body><form id='aspnetForm'><nav><a href='/'>Home</a></nav><article><figure><img src='x.jpg'>" +
                          "<figcaption>Traders watch screens in the exchange's office [File: Reuters]</figcaption></figure>" + Story +
                          "</article></form></body></html>");
        Assert.Contains("drained its hot wallet", a.Text);
        Assert.DoesNotContain("Traders watch screens", a.Text);
        Assert.DoesNotContain("Home", a.Text);
    }

    [Fact]
    public void Clean_DropsHoverCardInsideParagraph_AndKeepsTheLinkedName()
    {
        var card = "<span class='card'><span><img src='p.jpg'><a href='/people/jane-doe'>Jane Doe</a>" +
                   "<a href='/s/1'>Senators call for a coordinator of wallet security across agencies</a> " +
                   "<a href='/s/2'>Exchange outage traced to a failed upgrade of its matching engine</a> <a href='/people/jane-doe'>MORE</a></span></span>";
        var a = CleanHtml($"<html><body><article><p>The theft was reported to Rep. <span class='person'><a href='/people/jane-doe'>Jane Doe</a>{card}</span> (D-Minn.), " +
                          "who asked regulators for a briefing on the incident, its causes, and the losses.</p>" + Story + "</article></body></html>");
        Assert.Contains("reported to Rep. Jane Doe (D-Minn.), who asked", a.Text);
        Assert.DoesNotContain("Senators call", a.Text);
    }

    [Theory]
    [InlineData("<p class='hide'>An error has occurred, please try again later.</p>", "An error has occurred")]
    [InlineData("<div class='player d-none'>Captions will look like this</div>", "Captions will look")]
    [InlineData("<div class='region-copyright'><p>The Ledger 1625 K Street, Suite 900, Washington DC 20006 | 202-628-8500 tel</p></div>", "K Street")]
    [InlineData("<p>Comments are closed.</p>", "Comments are closed")]
    public void Clean_DropsBoilerplate_HiddenByClassOrNamedForIt(string boilerplate, string leak)
    {
        var a = CleanHtml($"<html><body><article>{Story}{boilerplate}</article></body></html>");
        Assert.Contains("drained its hot wallet", a.Text);
        Assert.DoesNotContain(leak, a.Text);
    }

    [Fact]
    public void Clean_KeepsOnlyTheArticleWithTheHeadline_WhenOtherPostsFollowIt()
    {
        string Post(string words) => $"<article><p>{words} was the subject of a long post, with commas, details, and a closing sentence, " +
                                     "written to be long enough that the content score treats it as a paragraph of prose.</p></article>";
        var a = CleanHtml("<html><body><div id='primary'><article><h1>Wallet drained overnight</h1>" + Story + "</article>" +
                          "<article><h3>You may also like</h3>" + Post("A bridge exploit") + Post("A phishing wave") + Post("A token launch") +
                          "</article></div></body></html>");
        Assert.Contains("drained its hot wallet", a.Text);
        Assert.DoesNotContain("bridge exploit", a.Text);
        Assert.DoesNotContain("phishing wave", a.Text);
    }
}
