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

    private static readonly HashSet<string> HardTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "input", "select", "textarea",
        "object", "embed", "link", "meta", "video", "audio", "map", "area", "head", "title",
    };

    private static readonly HashSet<string> StructuralTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "aside", "footer", "dialog", "menu", "figcaption", "form",
    };

    /// <summary>Layout words: boilerplate unless the same name also says content ("l-sidebar-fixed l-article-body").</summary>
    private static readonly WordList NegativeName = new(
        ["sidebar", "widget", "masthead", "navbar", "breadcrumb", "pagination", "pager", "toolbar", "supplement", "extra", "remark",
         "shoutbox", "skyscraper", "community", "legends", "combx", "categor", "comment", "disqus", "replies"],
        words: ["nav", "menu", "header", "footer", "banner", "tag", "tags", "meta", "print", "rss", "skip", "jump"]);

    /// <summary>Words that name a block of other content (teasers, ads, sign-ups): pruned unless it holds half the page.</summary>
    private static readonly WordList OtherContentName = new(
        ["related", "recommend", "newsletter", "subscri", "signup", "sign-up", "cookie", "consent", "gdpr", "advert", "sponsor", "promo",
         "popup", "modal", "outbrain", "taboola", "teaser", "trending", "popular", "readmore", "read-more", "more-stories", "more-news",
         "more-posts", "more-articles", "more-from", "more-in", "more-on", "more-videos", "morestories", "morenews"],
        words: ["ad", "ads", "adslot", "ad-slot"],
        prefixes: ["next-post", "next-article", "next-story", "prev-post", "prev-article", "prev-story", "previous-post", "previous-article", "previous-story"]);

    /// <summary>Words for small page furniture (share bars, bylines, captions): pruned when the element holds little text.</summary>
    private static readonly WordList StrongNegativeName = new(
        ["share", "sharing", "social", "byline", "author", "caption", "credit", "follow", "comment"],
        words: ["bio", "hidden", "sr-only", "visually-hidden", "screen-reader-text", "date", "time", "timestamp", "dateline"]);

    private static readonly WordList PositiveName = new(["article", "content", "entry", "post", "story", "main", "text", "body", "blog", "column", "shadow"]);

    /// <summary>The four lists in one scan of a name; the bits follow this order.</summary>
    private static readonly WordList Names = WordList.Union(NegativeName, PositiveName, OtherContentName, StrongNegativeName);

    [Flags]
    private enum NameBits : uint { Negative = 1, Positive = 2, OtherContent = 4, Furniture = 8 }

    private static NameBits NameMatch(IElement el) => (NameBits)(Names.Match(el.ClassName) | Names.Match(el.Id));

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>Returns the article's paragraphs.</summary>
    public static List<string> Extract(IElement body, int maxDepth, int maxElements, string source)
    {
        var all = body.QuerySelectorAll("*").ToList();
        // The time budget: work is linear in elements, so bounding them bounds the time a page can take.
        if (all.Count > maxElements)
            throw new NewsMinerInputException(source, $"the page has {all.Count:N0} elements, over the budget of {maxElements:N0}");
        var junk = Classify(all, body);
        List<string>? longest = null;
        for (var level = Junk.ClassName; level <= Junk.Hard; level++)
        {
            var paragraphs = ExtractAt(body, all, junk, level, maxDepth);
            var length = paragraphs.Sum(p => p.Length);
            if (length >= MinimumText) return paragraphs;
            if (longest is null || length > longest.Sum(p => p.Length)) longest = paragraphs;
        }
        return longest ?? [];
    }

    private static Dictionary<IElement, Junk> Classify(List<IElement> all, IElement body)
    {
        var junk = new Dictionary<IElement, Junk>(ReferenceEqualityComparer.Instance);
        foreach (var el in all)
        {
            var tag = el.LocalName;
            if (HardTags.Contains(tag) || el.HasAttribute("hidden") || el.GetAttribute("aria-hidden") == "true" ||
                (el.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style)))
            {
                junk[el] = Junk.Hard;
                continue;
            }
            var role = el.GetAttribute("role");
            if (StructuralTags.Contains(tag) || role is "navigation" or "banner" or "contentinfo" or "complementary" or "dialog" or "search" or "menu" or "menubar")
            {
                junk[el] = Junk.Structural;
                continue;
            }
            if (tag is "header" && !el.QuerySelectorAll("p").Any(p => p.TextContent.Length >= 160))
                junk[el] = Junk.Structural;
        }

        // Class and id names, judged with the visible text each element holds.
        var text = TextLengths(all, e => junk.ContainsKey(e));
        var bodyText = Math.Max(1, body.Children.Sum(c => text.GetValueOrDefault(c)));
        foreach (var el in all)
        {
            if (junk.ContainsKey(el) || el.LocalName is "body" or "html" or "article" or "main" or "p") continue;
            if (el.GetAttribute("itemprop") is "articleBody" or "text") continue;
            var kind = KindOf(NameMatch(el));
            if (kind == NameKind.None) continue;
            var t = text.GetValueOrDefault(el);
            if ((kind.HasFlag(NameKind.Layout) && t < bodyText * 0.5) ||
                (kind.HasFlag(NameKind.OtherContent) && t < bodyText * 0.5) ||
                (kind.HasFlag(NameKind.Furniture) && t < Math.Max(500, bodyText * 0.2)))
                junk[el] = Junk.ClassName;
        }
        return junk;
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

    /// <summary>Non-blank characters of visible text per element, skipping pruned subtrees, bottom-up without recursion.</summary>
    private static Dictionary<IElement, int> TextLengths(List<IElement> all, Func<IElement, bool> pruned)
    {
        var result = new Dictionary<IElement, int>(all.Count, ReferenceEqualityComparer.Instance);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var el = all[i];
            if (pruned(el)) continue;
            var n = 0;
            foreach (var child in el.ChildNodes)
            {
                if (child is IText t) { foreach (var c in t.Data) if (!char.IsWhiteSpace(c)) n++; }
                else if (child is IElement ce) n += result.GetValueOrDefault(ce);
            }
            result[el] = n;
        }
        return result;
    }

    /// <summary>Visible text statistics of each element at one pruning level, computed bottom-up without recursion.</summary>
    private readonly record struct Stats(int Text, int Links, int Commas);

    private static List<string> ExtractAt(IElement body, List<IElement> all, Dictionary<IElement, Junk> junk, Junk level, int maxDepth)
    {
        bool Skipped(IElement e) => junk.TryGetValue(e, out var j) && j >= level;

        // An element is live when neither it nor an ancestor is pruned (document order visits parents first).
        var pruned = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        foreach (var el in all)
            if (Skipped(el) || (el.ParentElement is { } parent && pruned.Contains(parent))) pruned.Add(el);

        var stats = new Dictionary<IElement, Stats>(all.Count, ReferenceEqualityComparer.Instance);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var el = all[i];
            if (pruned.Contains(el)) continue;
            int text = 0, links = 0, commas = 0;
            foreach (var child in el.ChildNodes)
            {
                if (child is IText t)
                {
                    var d = t.Data;
                    for (var k = 0; k < d.Length; k++)
                    {
                        var c = d[k];
                        if (!char.IsWhiteSpace(c)) text++;
                        if (c is ',' or '，' or '、' or '،') commas++;
                    }
                }
                else if (child is IElement ce && stats.TryGetValue(ce, out var cs))
                {
                    text += cs.Text;
                    links += ce.LocalName == "a" ? cs.Text : cs.Links;
                    commas += cs.Commas;
                }
            }
            stats[el] = new Stats(text, links, commas);
        }

        var blocks = ChooseBlocks(body, all, stats, junk, level);
        var paragraphs = new List<string>();
        // Inside the chosen content, link lists and teaser blocks go too (Readability's conditional cleaning).
        bool Drop(IElement e)
        {
            if (pruned.Contains(e) || !stats.TryGetValue(e, out var st)) return true;
            if (!BlockWriter.IsBlock(e.LocalName)) return false; // inline markup (links, citations, custom tags) stays with its sentence
            if (st.Text == 0) return e.LocalName is not "hr";
            var density = (double)st.Links / st.Text;
            if (e.LocalName is "blockquote") return false; // quotes and embedded posts stay, however linked
            if (e.LocalName is "p") return density > 0.8 && st.Text < 200;
            if (density > 0.5 && st.Text < 300) return true;
            return e.LocalName is "div" or "section" or "ul" or "ol" or "table" or "header" or "aside" or "dl" && st.Commas < 10 && density > 0.33;
        }
        var writer = new BlockWriter(paragraphs, maxDepth, Drop);
        foreach (var b in blocks) writer.Write(b);
        writer.Flush();
        return ParagraphFilter.Apply(paragraphs);
    }

    private static List<INode> ChooseBlocks(IElement body, List<IElement> all, Dictionary<IElement, Stats> stats, Dictionary<IElement, Junk> junk, Junk level)
    {
        // 1. Score paragraph-like elements into their ancestors (Readability's content score).
        var scores = new Dictionary<IElement, double>(ReferenceEqualityComparer.Instance);
        foreach (var el in all)
        {
            if (!stats.TryGetValue(el, out var st)) continue;
            var tag = el.LocalName;
            double own;
            IElement? start;
            if (tag is "p" or "pre" or "td" or "blockquote" or "li" or "dd")
            {
                if (st.Text < 25) continue;
                own = 1 + st.Commas + Math.Min(st.Text / 100, 3);
                start = el.ParentElement;
            }
            else if (tag is "div" or "section" or "article" or "span" or "font" or "center")
            {
                // Text written straight into a container (<br>-separated prose) counts as its own paragraph.
                var direct = DirectTextLength(el, stats);
                if (direct < 25 || (tag is "span" or "font")) continue;
                own = 1 + Math.Min(direct / 100, 3) + CountCommas(el);
                start = el;
            }
            else continue;
            var lvl = 0;
            for (var a = start; a is not null && lvl < 4; a = a.ParentElement, lvl++)
            {
                if (!stats.ContainsKey(a)) break;
                if (!scores.ContainsKey(a)) scores[a] = InitialScore(a);
                scores[a] += lvl switch { 0 => own, 1 => own / 2, _ => own / (lvl * 3) };
            }
        }
        if (scores.Count == 0) return body.ChildNodes.ToList();

        IElement top = body;
        var topScore = double.MinValue;
        foreach (var (el, s) in scores.ToList())
        {
            var st = stats[el];
            var density = st.Text == 0 ? 0 : (double)st.Links / st.Text;
            var adjusted = s * (1 - density);
            scores[el] = adjusted;
            if (adjusted > topScore) { topScore = adjusted; top = el; }
        }

        // 2. Climb while the parent adds mostly prose: an article split across several containers (sections
        //    separated by figures or ads) is read whole, but a parent that mainly adds link lists is not taken.
        var prose = Prose(all, stats);
        while (top.ParentElement is { } parent && parent.LocalName is not "body" and not "html" && stats.TryGetValue(parent, out var ps))
        {
            // A parent holding several <article> elements is a list of posts, not one split article.
            if (top.LocalName == "article" && parent.Children.Count(c => c.LocalName == "article" && stats.ContainsKey(c)) > 1) break;
            var gainedText = ps.Text - stats[top].Text;
            var gainedProse = prose.GetValueOrDefault(parent) - prose.GetValueOrDefault(top);
            var gainedLinks = ps.Links - stats[top].Links;
            var strong = parent.Children.Count(c => scores.TryGetValue(c, out var cs) && cs >= topScore * 0.33);
            var cleanGain = gainedLinks < gainedText * 0.15;
            if (gainedText <= 0 || (double)stats[top].Text / Math.Max(1, ps.Text) > 0.9 ||
                (cleanGain && ((gainedProse >= gainedText * 0.6 && gainedProse > 0) || strong >= 2)))
            {
                top = parent;
                topScore = Math.Max(topScore, scores.GetValueOrDefault(parent));
            }
            else break;
        }

        // 3. Siblings that belong to the article.
        var blocks = new List<INode>();
        var threshold = Math.Max(10, topScore * 0.2);
        var siblings = top.ParentElement is { } p2 && stats.ContainsKey(p2) ? p2.ChildNodes.ToList() : [top];
        foreach (var sib in siblings)
        {
            if (sib == top) { blocks.Add(sib); continue; }
            if (sib is not IElement e || !stats.TryGetValue(e, out var st)) continue;
            if (scores.TryGetValue(e, out var s) && s >= threshold) { blocks.Add(e); continue; }
            if (e.LocalName is "p" or "blockquote" or "ul" or "ol" or "h2" or "h3" or "table")
            {
                var ld = st.Text == 0 ? 1 : (double)st.Links / st.Text;
                var text = e.TextContent;
                if ((st.Text > 80 && ld < 0.25) || (st.Text > 0 && ld == 0 && Regex.IsMatch(text.TrimEnd(), @"[.!?。！？]$")))
                    blocks.Add(e);
            }
        }
        return blocks;
    }

    /// <summary>Text in paragraph-like elements that are not link lists, per element (bottom-up).</summary>
    private static Dictionary<IElement, int> Prose(List<IElement> all, Dictionary<IElement, Stats> stats)
    {
        var prose = new Dictionary<IElement, int>(stats.Count, ReferenceEqualityComparer.Instance);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var el = all[i];
            if (!stats.TryGetValue(el, out var st)) continue;
            if (el.LocalName is "p" or "pre" or "blockquote" or "h2" or "h3" or "h4" or "li" or "dd" or "td")
            {
                prose[el] = st.Text >= 30 && st.Links < st.Text * 0.3 ? st.Text : 0;
                continue;
            }
            var n = 0;
            foreach (var c in el.Children) n += prose.GetValueOrDefault(c);
            if (n == 0 && el.LocalName is "div" or "section" or "article" && st.Text >= 100 && st.Links < st.Text * 0.3 && st.Commas > 0) n = st.Text;
            prose[el] = n;
        }
        return prose;
    }

    private static int DirectTextLength(IElement el, Dictionary<IElement, Stats> stats)
    {
        var n = 0;
        foreach (var c in el.ChildNodes)
        {
            if (c is IText t) n += t.Data.Trim().Length;
            else if (c is IElement e && e.LocalName is "a" or "b" or "strong" or "em" or "i" or "span" or "font" or "u" && stats.TryGetValue(e, out var s))
                n += s.Text;
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

    private static double InitialScore(IElement el)
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
        var bits = NameMatch(el);
        if (bits.HasFlag(NameBits.Negative)) s -= 25;
        if (bits.HasFlag(NameBits.Positive)) s += 25;
        return s;
    }

    /// <summary>Serialises a subtree into paragraphs: every block element and &lt;br&gt; ends a paragraph; pruned elements are skipped.</summary>
    private sealed class BlockWriter(List<string> output, int maxDepth, Func<IElement, bool> skipped)
    {
        private readonly StringBuilder _line = new();
        private bool _heading;

        /// <summary>Marks a paragraph that came from a heading element, for the paragraph filter (removed there).</summary>
        

        private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
            "pre", "table", "tr", "dl", "dt", "dd", "figure", "header", "hr", "address", "center", "details", "summary",
            "thead", "tbody", "tfoot", "caption", "footer", "aside", "nav", "form",
        };

        public static bool IsBlock(string tag) => BlockTags.Contains(tag);

        public void Write(INode node)
        {
            // Explicit stack: deeply nested markup must not overflow the call stack.
            var stack = new Stack<(INode Node, bool Exit, int Depth)>();
            stack.Push((node, false, 0));
            while (stack.Count > 0)
            {
                var (n, exit, depth) = stack.Pop();
                if (n is IText t) { _line.Append(t.Data); continue; }
                if (n is not IElement e) continue;
                var block = BlockTags.Contains(e.LocalName);
                if (exit)
                {
                    if (e.LocalName is "td" or "th") _line.Append(' ');
                    if (block) Flush();
                    continue;
                }
                if (skipped(e)) continue;
                if (e.LocalName is "br") { Flush(); continue; }
                if (e.LocalName is "img" or "picture" or "source") continue;
                if (depth > maxDepth) { _line.Append(' ').Append(e.TextContent).Append(' '); continue; }
                if (block) Flush();
                if (e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6") _heading = true;
                if (e.LocalName is "td" or "th") _line.Append(' ');
                stack.Push((e, true, depth));
                for (var i = e.ChildNodes.Length - 1; i >= 0; i--) stack.Push((e.ChildNodes[i], false, depth + 1));
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
    [GeneratedRegex(@"^(share (this|on|via)|share this (article|story|post)|sign up|subscribe|follow us|read more|related( stories| articles| posts| content| news)?:?$|advertisement|advertising|sponsored|©|\(c\)|copyright|all rights reserved|click here|tags?:|filed under|posted in|you may also like|recommended|most popular|leave a (comment|reply)|\d+ comments?$|%d bloggers like this|loading\.\.\.|print$|email$|facebook$|twitter$|whatsapp$|linkedin$|comments?$|advertisement - continue reading|continue reading|(image|photo|photograph|picture|foto|фото|bild|crédit|credit|crédito|quelle|source)s?\s*:|(image|photo|slide|picture) \d+ (of|/) \d+$|\d+ (of|/) \d+$|getty images$|sharing is caring|like this:|tweet$|pin it$)", RegexOptions.IgnoreCase)]
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
