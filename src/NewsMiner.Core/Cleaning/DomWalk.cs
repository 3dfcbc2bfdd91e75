using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>Visibility and page-region tests shared by the metadata readers and the readerable classifier.</summary>
internal static partial class DomWalk
{
    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>False for an element hidden by inline style, the <c>hidden</c> attribute or <c>aria-hidden="true"</c>.</summary>
    public static bool IsVisible(IElement e) =>
        !(e.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style)) && !e.HasAttribute("hidden") &&
        !string.Equals(e.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The class names and id of an element, for vocabulary tests.</summary>
    public static string ClassAndId(IElement e) => (e.GetAttribute("class") ?? "") + " " + (e.Id ?? "");

    /// <summary>True when the element's class names or id hold a word of the list (no string is built).</summary>
    public static bool NameMatches(IElement e, WordList words) => words.IsMatch(e.GetAttribute("class")) || words.IsMatch(e.Id);

    /// <summary>
    /// Every element of the document in document order (as <c>doc.All</c>), listed once so that the metadata readers
    /// filter one array instead of each walking or querying the whole document again: the walk of <see cref="ElementTable"/>.
    /// </summary>
    public static IElement[] AllElements(IDocument doc) => ElementTable.Build(doc, int.MaxValue)!.Elements;

    /// <summary><c>e.TextContent.Length</c> without building the string.</summary>
    public static int TextLength(IElement e)
    {
        var (length, _, _) = Measure(e);
        return length;
    }

    /// <summary><c>e.TextContent.Trim().Length</c> without building the string.</summary>
    public static int TrimmedTextLength(IElement e)
    {
        var (length, leading, trailing) = Measure(e);
        return length - leading - trailing;
    }

    private static (int Length, int Leading, int Trailing) Measure(IElement e)
    {
        int length = 0, leading = 0, trailing = 0;
        var started = false;
        // Text nodes in tree order, with an explicit stack: deeply nested markup must not overflow the call stack.
        var stack = new Stack<(INodeList List, int Next)>();
        var list = e.ChildNodes;
        var next = 0;
        while (true)
        {
            if (next >= list.Length)
            {
                if (stack.Count == 0) break;
                (list, next) = stack.Pop();
                continue;
            }
            var node = list[next++];
            if (node.NodeType == NodeType.Text)
            {
                foreach (var c in node.TextContent)
                {
                    length++;
                    if (!char.IsWhiteSpace(c)) { started = true; trailing = 0; }
                    else if (started) trailing++;
                    else leading++;
                }
            }
            else if (node.NodeType == NodeType.Element && node.HasChildNodes)
            {
                stack.Push((list, next));
                list = node.ChildNodes;
                next = 0;
            }
        }
        return (length, leading, trailing);
    }

    private static bool IsSkippedTag(string tag) => tag is
        "script" or "style" or "noscript" or "template" or "nav" or "footer" or "svg" or "iframe"
        or "select" or "button" or "form" or "dialog" or "menu";

    private static readonly WordList OffArticleRegion = new(
        ["comment", "related", "sidebar", "footer", "social", "sponsor", "popup", "disqus", "replies", "remark", "shoutbox", "community",
         "menu", "pagination", "pager", "recommend", "teaser", "promo", "newsletter", "most-popular", "trending", "outbrain", "taboola",
         "widget", "navbar", "navigation", "cookie", "consent"],
        prefixes: ["rss"], suffixes: ["nav"]);

    [GeneratedRegex(@"complementary|navigation|menu|menubar|dialog|alertdialog|alert|contentinfo|search")]
    private static partial Regex OffArticleRole();

    /// <summary>
    /// Elements in document order, skipping subtrees that are hidden or are not part of the article itself (comments,
    /// related stories, sidebars and asides outside the &lt;article&gt;, footers, navigation). Iterative, so deeply nested markup is safe.
    /// </summary>
    public static IEnumerable<IElement> ArticleRegionElements(IElement root)
    {
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e != root)
            {
                if (IsOffArticle(e)) continue;
                yield return e;
            }
            // ChildNodes, not Children: the element collection's indexer walks the list from the start.
            var children = e.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--) if (children[i] is IElement child) stack.Push(child);
        }
    }

    /// <summary>
    /// True when <see cref="ArticleRegionElements"/> of <paramref name="root"/> would list <paramref name="e"/>: it is
    /// inside the root and neither it nor an element between them is off the article. Checks a few ancestors
    /// instead of walking the region.
    /// </summary>
    public static bool IsInArticleRegion(IElement e, IElement root)
    {
        for (var a = e; a != root; a = a.ParentElement)
            if (a is null || IsOffArticle(a)) return false;
        return e != root;
    }

    private static bool IsOffArticle(IElement e)
    {
        if (IsSkippedTag(e.LocalName) || !IsVisible(e)) return true;
        // An aside outside the article is a sidebar; inside it, it may hold the author box.
        if (e.LocalName == "aside" && e.Closest("article") is null) return true;
        if (e.GetAttribute("role") is { } role && OffArticleRole().IsMatch(role)) return true;
        return NameMatches(e, OffArticleRegion);
    }
}
