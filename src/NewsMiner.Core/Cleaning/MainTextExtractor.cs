using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Finds the article's main text in a parsed page without changing the DOM. Elements are first classified once
/// (hard junk such as scripts and hidden elements; structural boilerplate such as nav/aside/footer and ARIA
/// landmarks; elements whose class or id names boilerplate). Extraction then runs at the strictest pruning level and
/// relaxes it when the result is too short, as Readability does, so a page whose content sits in an oddly named
/// wrapper is still read.
/// </summary>
internal static partial class MainTextExtractor
{
    private const int MinimumText = 250;

    /// <summary>Marks a paragraph that came from a heading element, for the paragraph filter (removed there).</summary>
    internal const char HeadingMark = '\u0001';

    private enum Junk : byte { None = 0, ClassName = 1, Structural = 2, Hard = 3 }

    // Tag tests are switches on the name (LocalName is lowercase for HTML elements): a set lookup would hash it.
    private static bool IsHardTag(string tag) => tag is
        "script" or "style" or "noscript" or "template" or "iframe" or "svg" or "canvas" or "button"
        or "input" or "select" or "textarea" or "object" or "embed" or "link" or "meta" or "video"
        or "audio" or "map" or "area" or "head" or "title";

    private static bool IsStructuralTag(string tag) => tag is
        "nav" or "aside" or "footer" or "dialog" or "menu" or "figcaption" or "form";

    /// <summary>Layout words: boilerplate unless the same name also says content ("l-sidebar-fixed l-article-body").</summary>
    private static readonly WordList NegativeName = new(
        ["sidebar", "widget", "masthead", "navbar", "breadcrumb", "pagination", "pager", "toolbar", "supplement", "extra", "remark",
         "shoutbox", "skyscraper", "community", "legends", "combx", "categor", "comment", "disqus", "replies"],
        words: ["nav", "menu", "header", "footer", "banner", "tag", "tags", "meta", "print", "rss", "skip", "jump"]);

    /// <summary>Words that name a block of other content (teasers, ads, sign-ups): pruned unless it holds half the page.</summary>
    private static readonly WordList OtherContentName = new(
        ["related", "recommend", "newsletter", "subscri", "signup", "sign-up", "cookie", "consent", "gdpr", "advert", "sponsor", "promo",
         "popup", "modal", "copyright", "outbrain", "taboola", "teaser", "trending", "popular", "readmore", "read-more", "more-stories", "more-news",
         "more-posts", "more-articles", "more-from", "more-in", "more-on", "more-videos", "morestories", "morenews"],
        words: ["ad", "ads", "adslot", "ad-slot"],
        prefixes: ["next-post", "next-article", "next-story", "prev-post", "prev-article", "prev-story", "previous-post", "previous-article", "previous-story"]);

    /// <summary>Words for small page furniture (share bars, bylines, captions): pruned when the element holds little text.</summary>
    private static readonly WordList StrongNegativeName = new(
        ["share", "sharing", "social", "byline", "author", "caption", "credit", "follow", "comment"],
        words: ["bio", "date", "time", "timestamp", "dateline"]);

    /// <summary>Names that hide an element with the site's style sheet: pruned whatever the tag, when the element holds little text.</summary>
    private static readonly WordList HiddenName = new([], words: ["hidden", "hide", "invisible", "d-none", "sr-only", "visually-hidden", "screen-reader-text"]);

    private static readonly WordList PositiveName = new(["article", "content", "entry", "post", "story", "main", "text", "body", "blog", "column", "shadow"]);

    /// <summary>The four lists in one scan of a name; the bits follow this order.</summary>
    private static readonly WordList Names = WordList.Union(NegativeName, PositiveName, OtherContentName, StrongNegativeName, HiddenName);

    [Flags]
    private enum NameBits : uint { Negative = 1, Positive = 2, OtherContent = 4, Furniture = 8, Hidden = 16 }


    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>Returns the article's paragraphs, from the body's element table (<see cref="ElementTable.Body"/>).</summary>
    public static List<string> Extract(IElement body, ElementTable tree, int maxDepth)
    {
        var junk = Classify(tree, out var names);
        List<string>? longest = null;
        for (var level = Junk.ClassName; level <= Junk.Hard; level++)
        {
            var paragraphs = ExtractAt(body, tree, junk, names, level, maxDepth);
            var length = 0;
            foreach (var p in paragraphs) length += p.Length;
            if (length >= MinimumText) return paragraphs;
            if (longest is null || length > longest.Sum(p => p.Length)) longest = paragraphs;
        }
        return longest ?? [];
    }

    /// <summary>The attributes the classification reads, gathered in one pass over an element's attributes.</summary>
    private struct Attributes
    {
        public bool Hidden;
        public string? AriaHidden, Style, Role, Class, Id, ItemProp;

        public static Attributes Of(IElement el)
        {
            var result = new Attributes();
            var list = el.Attributes;
            for (var k = 0; k < list.Length; k++)
            {
                var a = list[k];
                if (a is null) continue;
                switch (a.Name)
                {
                    case "hidden": result.Hidden = true; break;
                    case "aria-hidden": result.AriaHidden = a.Value; break;
                    case "style": result.Style = a.Value; break;
                    case "role": result.Role = a.Value; break;
                    case "class": result.Class = a.Value; break;
                    case "id": result.Id = a.Value; break;
                    case "itemprop": result.ItemProp = a.Value; break;
                }
            }
            return result;
        }
    }

    /// <summary>Classifies every element; <paramref name="names"/> gets the vocabulary bits of each element's class and id.</summary>
    private static Junk[] Classify(ElementTable tree, out NameBits[] names)
    {
        var all = tree.Elements;
        var junk = new Junk[all.Length];
        names = new NameBits[all.Length];
        var roleJunk = new bool[all.Length];
        var itemBody = new bool[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            var el = all[i];
            if (IsHardTag(el.LocalName)) { junk[i] = Junk.Hard; continue; }
            if (el.Attributes.Length == 0) continue;
            var at = Attributes.Of(el);
            if (at.Hidden || at.AriaHidden == "true" || (at.Style is { } style && HiddenStyle().IsMatch(style)))
            {
                junk[i] = Junk.Hard;
                continue;
            }
            roleJunk[i] = at.Role is "navigation" or "banner" or "contentinfo" or "complementary" or "dialog" or "search" or "menu" or "menubar";
            itemBody[i] = at.ItemProp is "articleBody" or "text";
            names[i] = (NameBits)(Names.Match(at.Class) | Names.Match(at.Id));
        }
        // A form that holds most of the visible text wraps the whole page (ASP.NET pages do), it is not a sign-up box.
        var (visible, bodyVisible) = TextLengths(tree, junk);
        for (var i = 0; i < all.Length; i++)
        {
            if (junk[i] != Junk.None) continue;
            var tag = all[i].LocalName;
            if ((IsStructuralTag(tag) && !(tag == "form" && visible[i] >= bodyVisible * 0.5)) || roleJunk[i])
            {
                junk[i] = Junk.Structural;
                continue;
            }
            if (tag is "header" && !HasLongParagraph(tree, i)) junk[i] = Junk.Structural;
        }

        // Class and id names, judged with the visible text each element holds (pruned elements hold none).
        var (text, bodyText) = TextLengths(tree, junk);
        bodyText = Math.Max(1, bodyText);
        for (var i = 0; i < all.Length; i++)
        {
            var el = all[i];
            if (junk[i] != Junk.None || el.LocalName is "body" or "html") continue;
            var bits = names[i];
            if (bits == 0) continue;
            var t = text[i];
            if (bits.HasFlag(NameBits.Hidden) && t < Math.Max(500, bodyText * 0.2))
            {
                junk[i] = Junk.ClassName;
                continue;
            }
            if (el.LocalName is "article" or "main" or "p" || itemBody[i]) continue;
            var kind = KindOf(bits);
            if (kind == NameKind.None) continue;
            if ((kind.HasFlag(NameKind.Layout) && t < bodyText * 0.5) ||
                (kind.HasFlag(NameKind.OtherContent) && t < bodyText * 0.5) ||
                (kind.HasFlag(NameKind.Furniture) && t < Math.Max(500, bodyText * 0.2)))
                junk[i] = Junk.ClassName;
        }
        return junk;
    }

    /// <summary>Non-blank characters of text per element, none in junk elements; and the body's total.</summary>
    private static (int[] PerElement, int Body) TextLengths(ElementTable tree, Junk[] junk)
    {
        var text = new int[tree.Length];
        var body = 0;
        for (var i = tree.Length - 1; i >= 0; i--)
        {
            if (junk[i] != Junk.None) { text[i] = 0; continue; }
            text[i] += tree.OwnText[i];
            if (tree.Parent[i] >= 0) text[tree.Parent[i]] += text[i];
            else body += text[i];
        }
        return (text, body);
    }

    /// <summary>A page header with a paragraph of 160 characters or more is the article's own (a standfirst), not page furniture.</summary>
    private static bool HasLongParagraph(ElementTable tree, int header)
    {
        for (var k = header + 1; k < tree.End[header]; k++)
            if (tree.Elements[k].LocalName == "p" && DomWalk.TextLength(tree.Elements[k]) >= 160) return true;
        return false;
    }

    [Flags]
    private enum NameKind : byte { None = 0, Layout = 1, OtherContent = 2, Furniture = 4 }

    private static NameKind KindOf(NameBits bits)
    {
        var kind = NameKind.None;
        if (bits.HasFlag(NameBits.Negative) && !bits.HasFlag(NameBits.Positive)) kind |= NameKind.Layout;
        if (bits.HasFlag(NameBits.OtherContent)) kind |= NameKind.OtherContent;
        if (bits.HasFlag(NameBits.Furniture)) kind |= NameKind.Furniture;
        return kind;
    }

    /// <summary>Visible text statistics of each element at one pruning level, computed bottom-up without recursion.</summary>
    private readonly record struct Stats(int Text, int Links, int Commas);

    /// <summary>Per-element figures at one pruning level; <see cref="Live"/> is false for a pruned element or one inside a pruned element.</summary>
    private sealed class Level
    {
        public required bool[] Live;
        public required Stats[] Stats;
        public required NameBits[] Names;
        public double[] Score = [];
        public bool[] Scored = [];
    }

    private static List<string> ExtractAt(IElement body, ElementTable tree, Junk[] junk, NameBits[] names, Junk level, int maxDepth)
    {
        var n = tree.Length;
        var live = new bool[n];
        for (var i = 0; i < n; i++) live[i] = junk[i] < level && (tree.Parent[i] < 0 || live[tree.Parent[i]]);

        var stats = new Stats[n];
        var text = new int[n];
        var links = new int[n];
        var commas = new int[n];
        var anchors = new int[n]; // live <a> elements inside
        for (var i = n - 1; i >= 0; i--)
        {
            if (!live[i]) continue;
            text[i] += tree.OwnText[i];
            commas[i] += tree.OwnCommas[i];
            stats[i] = new Stats(text[i], links[i], commas[i]);
            if (tree.Parent[i] is var p and >= 0)
            {
                var isLink = tree.Elements[i].LocalName == "a";
                text[p] += text[i];
                links[p] += isLink ? text[i] : links[i];
                commas[p] += commas[i];
                anchors[p] += anchors[i] + (isLink ? 1 : 0);
            }
        }
        var lv = new Level { Live = live, Stats = stats, Names = names };

        var blocks = ChooseBlocks(body, tree, lv);
        var paragraphs = new List<string>();
        // Inside the chosen content, link lists and teaser blocks go too (Readability's conditional cleaning).
        bool Drop(int i)
        {
            if (!live[i]) return true;
            var e = tree.Elements[i];
            var st = stats[i];
            // Inline markup (links, citations, custom tags) stays with its sentence, unless it is a cluster of links
            // such as a hover card ("Ilhan Omar" followed by her three latest stories) hidden in the paragraph.
            if (!BlockWriter.IsBlock(e.LocalName)) return IsLinkCluster(i) && !HasChildLinkCluster(i);
            if (st.Text == 0) return e.LocalName is not "hr";
            var density = (double)st.Links / st.Text;
            if (e.LocalName is "blockquote") return false; // quotes and embedded posts stay, however linked
            if (e.LocalName is "p") return density > 0.8 && st.Text < 200;
            if (density > 0.5 && st.Text < 300) return true;
            return e.LocalName is "div" or "section" or "ul" or "ol" or "table" or "header" or "aside" or "dl" && st.Commas < 10 && density > 0.33;
        }
        // The innermost cluster goes, so that a link wrapped together with its hover card keeps its own text.
        bool IsLinkCluster(int i)
        {
            var st = stats[i];
            return live[i] && !BlockWriter.IsBlock(tree.Elements[i].LocalName) && tree.Elements[i].LocalName is not "a" &&
                   st.Text >= 100 && st.Links >= st.Text * 0.9 && anchors[i] >= 3;
        }
        bool HasChildLinkCluster(int i)
        {
            for (var c = i + 1; c < tree.End[i]; c = tree.End[c])
                if (IsLinkCluster(c)) return true;
            return false;
        }
        var writer = new BlockWriter(paragraphs, maxDepth, tree, Drop);
        foreach (var (node, index) in blocks) writer.Write(node, index);
        writer.Flush();
        return ParagraphFilter.Apply(paragraphs);
    }

    private static List<(INode Node, int Index)> ChooseBlocks(IElement body, ElementTable tree, Level lv)
    {
        var all = tree.Elements;
        var live = lv.Live;
        var stats = lv.Stats;
        // 1. Score paragraph-like elements into their ancestors (Readability's content score). The order in which
        //    elements are first scored decides ties, as it did when scores lived in an insertion-ordered dictionary.
        var score = lv.Score = new double[all.Length];
        var scored = lv.Scored = new bool[all.Length];
        var order = new List<int>();
        for (var i = 0; i < all.Length; i++)
        {
            if (!live[i]) continue;
            var el = all[i];
            var st = stats[i];
            var tag = el.LocalName;
            double own;
            int start;
            if (tag is "p" or "pre" or "td" or "blockquote" or "li" or "dd")
            {
                if (st.Text < 25) continue;
                own = 1 + st.Commas + Math.Min(st.Text / 100, 3);
                start = tree.Parent[i];
            }
            else if (tag is "div" or "section" or "article" or "span" or "font" or "center")
            {
                // Text written straight into a container (<br>-separated prose) counts as its own paragraph.
                var direct = DirectTextLength(tree, lv, i);
                if (direct < 25 || (tag is "span" or "font")) continue;
                own = 1 + Math.Min(direct / 100, 3) + CountCommas(el);
                start = i;
            }
            else continue;
            var lvl = 0;
            for (var a = start; a >= 0 && lvl < 4; a = tree.Parent[a], lvl++)
            {
                if (!live[a]) break;
                if (!scored[a]) { scored[a] = true; score[a] = InitialScore(all[a], lv.Names[a]); order.Add(a); }
                score[a] += lvl switch { 0 => own, 1 => own / 2, _ => own / (lvl * 3) };
            }
        }
        if (order.Count == 0) return Children(body, tree, -1, includeText: true);

        var top = -1;
        var topScore = double.MinValue;
        foreach (var i in order)
        {
            var st = stats[i];
            var density = st.Text == 0 ? 0 : (double)st.Links / st.Text;
            var adjusted = score[i] * (1 - density);
            score[i] = adjusted;
            if (adjusted > topScore) { topScore = adjusted; top = i; }
        }

        // 2. Climb while the parent adds mostly prose: an article split across several containers (sections
        //    separated by figures or ads) is read whole, but a parent that mainly adds link lists is not taken.
        var prose = Prose(tree, lv);
        while (tree.Parent[top] is var parent and >= 0 && all[parent].LocalName is not "body" and not "html" && live[parent])
        {
            var ps = stats[parent];
            var ts = stats[top];
            // A parent holding several <article> elements is a list of posts, not one split article.
            if (all[top].LocalName == "article")
            {
                var articles = 0;
                for (var c = parent + 1; c < tree.End[parent]; c = tree.End[c])
                    if (all[c].LocalName == "article" && live[c]) articles++;
                if (articles > 1) break;
            }
            var gainedText = ps.Text - ts.Text;
            var gainedProse = prose[parent] - prose[top];
            var gainedLinks = ps.Links - ts.Links;
            var strong = 0;
            for (var c = parent + 1; c < tree.End[parent]; c = tree.End[c])
                if (scored[c] && score[c] >= topScore * 0.33) strong++;
            var cleanGain = gainedLinks < gainedText * 0.15;
            if (gainedText <= 0 || (double)ts.Text / Math.Max(1, ps.Text) > 0.9 ||
                (cleanGain && ((gainedProse >= gainedText * 0.6 && gainedProse > 0) || strong >= 2)))
            {
                top = parent;
                topScore = Math.Max(topScore, scored[parent] ? score[parent] : 0);
            }
            else break;
        }

        // 3. A container of several <article> elements, exactly one of which holds the headline (<h1>), is the story
        //    followed by other posts ("You may also like"): the story alone is the content. The container is the
        //    chosen element, or its parent when the siblings would be taken from there.
        if (HeadlineArticle(tree, lv, top) is { } story) return [(all[story], story)];
        if (tree.Parent[top] is var up and >= 0 && live[up] && HeadlineArticle(tree, lv, up) is { } storyBeside)
            return [(all[storyBeside], storyBeside)];

        // 4. Siblings that belong to the article.
        var blocks = new List<(INode, int)>();
        var threshold = Math.Max(10, topScore * 0.2);
        var p2 = tree.Parent[top];
        if (p2 < 0 || !live[p2]) return [(all[top], top)];
        for (var c = p2 + 1; c < tree.End[p2]; c = tree.End[c])
        {
            var e = all[c];
            if (c == top) { blocks.Add((e, c)); continue; }
            if (!live[c]) continue;
            var st = stats[c];
            if (scored[c] && score[c] >= threshold) { blocks.Add((e, c)); continue; }
            if (e.LocalName is "p" or "blockquote" or "ul" or "ol" or "h2" or "h3" or "table")
            {
                var ld = st.Text == 0 ? 1 : (double)st.Links / st.Text;
                if ((st.Text > 80 && ld < 0.25) || (st.Text > 0 && ld == 0 && EndsWithSentenceMark(e.TextContent)))
                    blocks.Add((e, c));
            }
        }
        return blocks;
    }

    /// <summary>
    /// The one outermost live &lt;article&gt; inside <paramref name="top"/> that holds a live &lt;h1&gt;, when top holds
    /// two outermost articles or more and only one of them has an &lt;h1&gt;; else null.
    /// </summary>
    private static int? HeadlineArticle(ElementTable tree, Level lv, int top)
    {
        int articles = 0, withHeadline = 0, story = -1;
        for (var k = top + 1; k < tree.End[top];)
        {
            if (!lv.Live[k]) { k = tree.End[k]; continue; }
            if (tree.Elements[k].LocalName != "article") { k++; continue; }
            articles++;
            for (var h = k + 1; h < tree.End[k]; h++)
                if (lv.Live[h] && tree.Elements[h].LocalName == "h1") { withHeadline++; story = k; break; }
            k = tree.End[k]; // articles inside this one are part of it
        }
        return articles >= 2 && withHeadline == 1 ? story : null;
    }

    private static bool EndsWithSentenceMark(string text)
    {
        var t = text.AsSpan().TrimEnd();
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or '。' or '！' or '？';
    }

    /// <summary>The child nodes of element <paramref name="parent"/> (-1: the body) with their element indices (-1 for text).</summary>
    private static List<(INode Node, int Index)> Children(IElement body, ElementTable tree, int parent, bool includeText)
    {
        var result = new List<(INode, int)>();
        var next = tree.FirstChild(parent);
        foreach (var node in (parent < 0 ? body : tree.Elements[parent]).ChildNodes)
        {
            if (node is IElement)
            {
                result.Add((node, next));
                next = tree.End[next];
            }
            else if (includeText) result.Add((node, -1));
        }
        return result;
    }

    /// <summary>Text in paragraph-like elements that are not link lists, per element (bottom-up).</summary>
    private static int[] Prose(ElementTable tree, Level lv)
    {
        var all = tree.Elements;
        var prose = new int[all.Length];
        var children = new int[all.Length];
        for (var i = all.Length - 1; i >= 0; i--)
        {
            if (!lv.Live[i]) continue;
            var el = all[i];
            var st = lv.Stats[i];
            if (el.LocalName is "p" or "pre" or "blockquote" or "h2" or "h3" or "h4" or "li" or "dd" or "td")
                prose[i] = st.Text >= 30 && st.Links < st.Text * 0.3 ? st.Text : 0;
            else
            {
                var n = children[i];
                if (n == 0 && el.LocalName is "div" or "section" or "article" && st.Text >= 100 && st.Links < st.Text * 0.3 && st.Commas > 0) n = st.Text;
                prose[i] = n;
            }
            if (tree.Parent[i] >= 0) children[tree.Parent[i]] += prose[i];
        }
        return prose;
    }

    private static int DirectTextLength(ElementTable tree, Level lv, int i)
    {
        var n = 0;
        var next = i + 1;
        foreach (var c in tree.Elements[i].ChildNodes)
        {
            if (c is IText t) n += t.Data.AsSpan().Trim().Length;
            else if (c is IElement e)
            {
                if (e.LocalName is "a" or "b" or "strong" or "em" or "i" or "span" or "font" or "u" && lv.Live[next]) n += lv.Stats[next].Text;
                next = tree.End[next];
            }
        }
        return n;
    }

    private static int CountCommas(IElement el)
    {
        var n = 0;
        foreach (var c in el.ChildNodes)
            if (c is IText t) foreach (var ch in t.Data) if (ch is ',' or '，' or '、') n++;
        return n;
    }

    private static double InitialScore(IElement el, NameBits bits)
    {
        double s = el.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        if (el.LocalName is "article" || el.GetAttribute("itemprop") == "articleBody") s += 20;
        if (bits.HasFlag(NameBits.Negative)) s -= 25;
        if (bits.HasFlag(NameBits.Positive)) s += 25;
        return s;
    }

    /// <summary>Serialises a subtree into paragraphs: every block element and &lt;br&gt; ends a paragraph; pruned elements are skipped.</summary>
    private sealed class BlockWriter(List<string> output, int maxDepth, ElementTable tree, Func<int, bool> skipped)
    {
        private readonly StringBuilder _line = new();
        private readonly Stack<(INode Node, int Index, bool Exit, int Depth)> _stack = new();
        private readonly List<int> _childIndex = [];
        private bool _heading;

        
        private static bool IsBlockTag(string tag) => tag is
            "p" or "div" or "section" or "article" or "main" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
            or "li" or "ul" or "ol" or "blockquote" or "pre" or "table" or "tr" or "dl" or "dt"
            or "dd" or "figure" or "header" or "hr" or "address" or "center" or "details"
            or "summary" or "thead" or "tbody" or "tfoot" or "caption" or "footer" or "aside"
            or "nav" or "form";

        public static bool IsBlock(string tag) => IsBlockTag(tag);

        /// <summary>Writes a node; <paramref name="index"/> is its element index in the tree (-1 for a text node).</summary>
        public void Write(INode node, int index)
        {
            // Explicit stack: deeply nested markup must not overflow the call stack.
            var stack = _stack;
            stack.Push((node, index, false, 0));
            while (stack.Count > 0)
            {
                var (n, i, exit, depth) = stack.Pop();
                if (n.NodeType == NodeType.Text) { _line.Append(n.TextContent); continue; }
                if (n is not Element element) continue;
                IElement e = element;
                var block = IsBlockTag(e.LocalName);
                if (exit)
                {
                    if (e.LocalName is "td" or "th") _line.Append(' ');
                    if (block) Flush();
                    continue;
                }
                if (skipped(i)) continue;
                if (e.LocalName is "br") { Flush(); continue; }
                if (e.LocalName is "img" or "picture" or "source") continue;
                if (depth > maxDepth) { _line.Append(' ').Append(e.TextContent).Append(' '); continue; }
                if (block) Flush();
                if (e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6") _heading = true;
                if (e.LocalName is "td" or "th") _line.Append(' ');
                stack.Push((e, i, true, depth));
                // Children go on the stack last first; their element indices are counted forwards first, into a
                // buffer that is free again once they are pushed.
                var children = e.ChildNodes;
                var childIndex = _childIndex;
                childIndex.Clear();
                for (int c = 0, next = i + 1; c < children.Length; c++)
                    if (children[c] is Element) { childIndex.Add(next); next = tree.End[next]; }
                for (int c = children.Length - 1, k = childIndex.Count - 1; c >= 0; c--)
                    stack.Push((children[c], children[c] is Element ? childIndex[k--] : -1, false, depth + 1));
            }
        }

        public void Flush()
        {
            if (_line.Length == 0) return;
            var text = TextUtil.NormalizeSpace(_line.ToString());
            _line.Clear();
            if (text.Length > 0) output.Add(_heading ? MainTextExtractor.HeadingMark + text : text);
            _heading = false;
        }
    }
}

/// <summary>
/// Drops paragraphs that are boilerplate whatever container they sit in: share and subscription lines, bare dates
/// and bylines, and the short non-sentence lines (kickers, labels, "Share", "Back to top") that open or close a block.
/// </summary>
internal static partial class ParagraphFilter
{
    [GeneratedRegex(@"^(share (this|on|via)|share this (article|story|post)|sign up|subscribe|follow us|read more|related( stories| articles| posts| content| news)?:?$|advertisement|advertising|sponsored|©|\(c\)|copyright|all rights reserved|click here|tags?:|filed under|posted in|you may also like|recommended|most popular|leave a (comment|reply)|\d+ comments?$|%d bloggers like this|loading\.\.\.|print$|email$|facebook$|twitter$|whatsapp$|linkedin$|comments?$|advertisement - continue reading|continue reading|(image|photo|photograph|picture|foto|фото|bild|crédit|credit|crédito|quelle|source)s?\s*:|(image|photo|slide|picture) \d+ (of|/) \d+$|\d+ (of|/) \d+$|getty images$|sharing is caring|like this:|tweet$|pin it$|comments are closed|this slideshow requires javascript)", RegexOptions.IgnoreCase)]
    private static partial Regex Boilerplate();

    /// <summary>Calls to action and credits that close articles on many sites.</summary>
    [GeneratedRegex(@"^\(?(additional )?(reporting|writing|editing|research) by\b|contributed (reporting|to this (report|story|article))|^follow (us|me|@|[\p{Lu}][\w.]* (on|at) )|(sign up|subscribe)\b.{0,60}\b(newsletter|inbox|alerts?)|delivered (directly |straight )?to your inbox|\bmay (earn|receive|get) (an? )?(small )?(affiliate )?(commission|share of)|contains? affiliate|affiliate links?|click to tweet|like this (story|article|post)\?|if you (enjoyed|liked) this (article|story|post)|share (it|this) with|have a tip\?|^(comments?|kommentare|comentários|commentaires)\s*(\(\+?\d*\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CallToAction();

    [GeneratedRegex(@"^(by|por|par|von|di|door|av|af|przez|от|автор)\s+\p{Lu}[^.!?]{1,60}$", RegexOptions.IgnoreCase)]
    private static partial Regex Byline();

    [GeneratedRegex(@"^[\p{Lu}][\p{L}.'’-]+(\s+[\p{Lu}][\p{L}.'’-]+){1,3}(,| -| –| \|)\s+[^.!?]{0,40}(writer|correspondent|reporter|editor|staff|press|reuters|afp)$", RegexOptions.IgnoreCase)]
    private static partial Regex NameWithRole();

    [GeneratedRegex(@"\b(19|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")]
    private static partial Regex DateOrTime();

    [GeneratedRegex(@"[\p{L}]{2,}")]
    private static partial Regex Word();

    private static readonly HashSet<string> DateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "am", "pm", "at", "on",
        "updated", "published", "posted", "last", "modified", "est", "edt", "pst", "pdt", "gmt", "utc", "cet", "ist", "bst",
        "de", "às", "le", "am", "um", "uhr", "el", "en", "of", "the", "first", "ago", "hours", "minutes", "days", "by",
    };

    /// <summary>A line that is a date or time and little else ("Updated 1:39 am EST, Wednesday, November 20, 2019").</summary>
    internal static bool IsDateLine(string p)
    {
        if (p.Length > 80 || !DateOrTime().IsMatch(p)) return false;
        var words = Word().Matches(p).Select(m => m.Value).Where(w => !DateWords.Contains(w)).ToList();
        return words.Count <= 1;
    }

    private static bool EndsSentence(string p)
    {
        var t = p.TrimEnd();
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or '。' or '！' or '？' or ':' or ';' or '"' or '”' or '’' or ')' or '»' or '…';
    }

    [GeneratedRegex(@"©|\bcopyright\b|all rights reserved", RegexOptions.IgnoreCase)]
    private static partial Regex Copyright();

    private static bool IsNoise(string p) =>
        (p.Length < 130 && Copyright().IsMatch(p)) ||
        (p.Length < 120 && Boilerplate().IsMatch(p)) || IsDateLine(p) || (p.Length < 260 && CallToAction().IsMatch(p)) ||
        (p.Length < 80 && (Byline().IsMatch(p) || NameWithRole().IsMatch(p)));

    public static List<string> Apply(List<string> paragraphs)
    {
        var kept = new List<string>(paragraphs.Count);
        foreach (var raw in paragraphs)
        {
            var heading = raw[0] == MainTextExtractor.HeadingMark;
            var p = heading ? raw[1..] : raw;
            if (IsNoise(p)) continue;
            // A lone short word between paragraphs is a label ("Advertisement", "Anzeige", "Share"), not text;
            // a one-word heading ("Ingredients") is a subheading.
            if (!heading && p.Length < 15 && !p.Contains(' ') && !EndsSentence(p)) continue;
            kept.Add(p);
        }
        // Kickers, labels and datelines before the first sentence; "Back to top"-style lines after the last.
        var lead = 0;
        while (lead < kept.Count && lead < 4 && kept[lead].Length < 100 && !EndsSentence(kept[lead]) && kept.Count - lead > 1) lead++;
        var tail = 0;
        while (tail < kept.Count - lead - 1 && tail < 4 && kept[^(tail + 1)].Length < 60 && !EndsSentence(kept[^(tail + 1)])) tail++;
        return kept.GetRange(lead, kept.Count - lead - tail);
    }
}
