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

    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase)]
    private static partial Regex UnlikelyRegion();

    [GeneratedRegex(@"and|article|body|column|content|main|shadow", RegexOptions.IgnoreCase)]
    private static partial Regex MaybeContent();

    /// <summary>The prose score of a page (see the class summary).</summary>
    public static double Score(IHtmlDocument doc)
    {
        var nodes = new List<IElement>();
        var seen = new HashSet<IElement>();
        foreach (var e in doc.QuerySelectorAll("p, pre, article"))
            if (seen.Add(e)) nodes.Add(e);
        foreach (var br in doc.QuerySelectorAll("br"))
            if (br.ParentElement is { LocalName: "div" } div && seen.Add(div)) nodes.Add(div);

        var score = 0.0;
        foreach (var node in nodes)
        {
            if (!DomWalk.IsVisible(node)) continue;
            var cls = DomWalk.ClassAndId(node);
            if (UnlikelyRegion().IsMatch(cls) && !MaybeContent().IsMatch(cls)) continue;
            if (node.LocalName == "p" && InListItem(node)) continue;
            var length = node.TextContent.Trim().Length;
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
