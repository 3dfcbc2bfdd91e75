using System.Text;
using AngleSharp.Html.Parser;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Core.Tests.Cleaning;

public sealed class ReaderableClassifierTests
{
    private static readonly string Prose =
        "The exchange said on Tuesday that attackers had drained its hot wallet overnight, taking tokens worth about $30 million, " +
        "and that customer balances held in cold storage were not affected, according to a statement posted to its website.";

    // About 235 characters: √(235 − 140) ≈ 9.7, so it takes three such paragraphs to pass 20.
    private static bool Readerable(string body) =>
        ReaderableClassifier.IsReaderable(new HtmlParser().ParseDocument($"<html><head><title>t</title></head><body>{body}</body></html>"));

    [Fact]
    public void Article_WithParagraphsOfProse_IsReaderable() =>
        Assert.True(Readerable($"<p>{Prose}</p><p>{Prose}</p><p>{Prose}</p>"));

    [Fact]
    public void ArticleElement_WithUnwrappedText_IsReaderable() =>
        Assert.True(Readerable($"<article><h1>Lorem</h1><div>{Prose} {Prose} {Prose}</div><p>Links</p></article>"));

    [Fact]
    public void BrSeparatedDivText_IsReaderable() =>
        Assert.True(Readerable($"<div>{Prose}<br>{Prose}<br>{Prose}</div>"));

    [Fact]
    public void LinkList_IsNotReaderable()
    {
        var sb = new StringBuilder("<ul>");
        for (var i = 0; i < 40; i++) sb.Append($"<li><a href='/s/{i}'>Headline number {i} about markets</a></li>");
        Assert.False(Readerable(sb.Append("</ul>").ToString()));
    }

    [Fact]
    public void ShortParagraphs_AreNotReaderable() =>
        Assert.False(Readerable(string.Concat(Enumerable.Repeat("<p>Short teaser text, one line.</p>", 30))));

    [Fact]
    public void HiddenProse_DoesNotCount() =>
        Assert.False(Readerable($"<p style='display:none'>{Prose} {Prose}</p><p hidden>{Prose}</p><p aria-hidden='true'>{Prose} {Prose}</p>"));

    [Fact]
    public void ProseInListItemsOrComments_DoesNotCount() =>
        Assert.False(Readerable($"<ol><li><p>{Prose} {Prose}</p></li></ol><div class='comment'><p class='comment-body'>{Prose} {Prose}</p></div>"));

    [Fact]
    public void Cleaner_ReportsTheDecision()
    {
        var cleaner = new AngleSharpArticleCleaner();
        var article = cleaner.Clean(new RawPage("a.html", null, Encoding.UTF8.GetBytes($"<html><body><p>{Prose}</p><p>{Prose}</p><p>{Prose}</p></body></html>")));
        var menu = cleaner.Clean(new RawPage("b.html", null, Encoding.UTF8.GetBytes("<html><body><nav><a href='/'>Home</a></nav><p>Welcome.</p></body></html>")));
        Assert.True(article.Readerable);
        Assert.False(menu.Readerable);
    }
}
