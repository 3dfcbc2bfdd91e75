using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Is this page an article at all? Decided on the page as published, before any cleaning, from its runs of
/// connected prose: every visible paragraph (&lt;p&gt;, &lt;pre&gt;, a &lt;div&gt; whose text is split by &lt;br&gt;, and each
/// &lt;article&gt; element as a whole) of
/// at least 140 characters that is not in a list item nor in a region named for comments, sidebars, footers, menus
/// and the like adds √(length − 140); a page is readerable once the sum passes 20 — e.g. one paragraph of 540
/// characters or several of 250. Link lists, forms, galleries and pages of short snippets stay below it.
/// </summary>
public static partial class ReaderableClassifier
{
    /// <summary>Shortest paragraph that counts as prose.</summary>
    public const int MinParagraphLength = 140;

    /// <summary>Score a page must exceed.</summary>
    public const double Threshold = 20;

    private static readonly WordList UnlikelyRegion = new(
        ["-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
         "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
         "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote"]);

    private static readonly WordList MaybeContent = new(["and", "article", "body", "column", "content", "main", "shadow"]);

    /// <summary>The prose score of a page (see the class summary).</summary>
    public static double Score(IHtmlDocument doc) => Score(DomWalk.AllElements(doc));

    /// <summary>The prose score from the page's elements in document order.</summary>
    internal static double Score(IReadOnlyList<IElement> all)
    {
        // One walk in document order: paragraphs and articles first, then the <div>s split by <br>, as two selector
        // queries would list them.
        var nodes = new List<IElement>();
        var brParents = new List<IElement>();
        HashSet<IElement>? seen = null;
        foreach (var e in all)
        {
            if (e.LocalName is "p" or "pre" or "article") nodes.Add(e);
            else if (e.LocalName == "br" && e.ParentElement is { LocalName: "div" } div && (seen ??= new(ReferenceEqualityComparer.Instance)).Add(div)) brParents.Add(div);
        }
        nodes.AddRange(brParents);

        var score = 0.0;
        foreach (var node in nodes)
        {
            if (!DomWalk.IsVisible(node)) continue;
            if (DomWalk.NameMatches(node, UnlikelyRegion) && !DomWalk.NameMatches(node, MaybeContent)) continue;
            if (node.LocalName == "p" && InListItem(node)) continue;
            var length = DomWalk.TrimmedTextLength(node);
            if (length < MinParagraphLength) continue;
            score += Math.Sqrt(length - MinParagraphLength);
            if (score > Threshold) return score;
        }
        return score;
    }

    /// <summary>True when the page reads as an article.</summary>
    public static bool IsReaderable(IHtmlDocument doc) => Score(doc) > Threshold;

    private static bool InListItem(IElement e)
    {
        for (var a = e.ParentElement; a is not null; a = a.ParentElement)
            if (a.LocalName == "li") return true;
        return false;
    }
}
