using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>Limits that keep one bad page from taking the run down.</summary>
public sealed record CleanerOptions
{
    public static readonly CleanerOptions Default = new();

    /// <summary>Largest page accepted, in bytes. Default 10 MB.</summary>
    public int MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest element nesting walked; deeper content is read as flat text. Default 400.</summary>
    public int MaxDepth { get; init; } = 400;
}

/// <summary>
/// Main-text and metadata extraction on AngleSharp: the page is parsed once, boilerplate is removed by tag, role,
/// class/id vocabulary and visibility, blocks are scored by prose density (commas, length, link density), and the
/// best-scoring container plus its related siblings is serialised paragraph by paragraph.
/// </summary>
public sealed partial class AngleSharpArticleCleaner : IArticleCleaner
{
    private readonly CleanerOptions _options;
    private readonly HtmlParser _parser = new(new HtmlParserOptions { IsScripting = false });

    public AngleSharpArticleCleaner(CleanerOptions? options = null) => _options = options ?? CleanerOptions.Default;

    public CleanedArticle Clean(RawPage page)
    {
        CheckBytes(page);
        var html = CharsetDecoder.Decode(page.Content, page.ContentType, out _);
        IHtmlDocument doc;
        try { doc = _parser.ParseDocument(html); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NewsMinerInputException(page.Source, $"the HTML could not be parsed ({ex.Message})", ex);
        }
        return Clean(doc, page);
    }

    internal CleanedArticle Clean(IHtmlDocument doc, RawPage page)
    {
        var meta = MetadataReader.Read(doc, page.Url);
        var body = doc.Body;
        if (body is null) return new CleanedArticle { Source = page.Source, Url = meta.Url, Text = "", Readerable = false };

        RemoveJunk(body);
        var root = FindContentRoot(body);
        var paragraphs = new List<string>();
        if (root is not null)
        {
            var writer = new BlockWriter(paragraphs, _options.MaxDepth);
            foreach (var block in root) writer.Write(block);
            writer.Flush();
        }
        var text = string.Join("\n\n", FilterParagraphs(paragraphs, meta.Title));
        var language = meta.Language ?? LanguageGuesser.Guess(text);
        var readerable = meta.Readerable;
        return new CleanedArticle
        {
            Source = page.Source,
            Url = meta.Url,
            Title = meta.Title,
            Author = meta.Author,
            Published = meta.Published,
            Modified = meta.Modified,
            Language = language,
            SiteName = meta.SiteName,
            Text = text,
            Readerable = readerable,
        };
    }

    private void CheckBytes(RawPage page)
    {
        var b = page.Content;
        if (b.Length == 0) throw new NewsMinerInputException(page.Source, "the page is empty (0 bytes)");
        if (b.Length > _options.MaxBytes)
            throw new NewsMinerInputException(page.Source, $"the page is {b.Length / (1024.0 * 1024):0.#} MB, over the {_options.MaxBytes / (1024 * 1024)} MB limit");
        if (StartsWith(b, "%PDF")) throw new NewsMinerInputException(page.Source, "not an HTML page: it is a PDF document");
        if (StartsWith(b, "\x89PNG") || (b.Length > 2 && b[0] == 0xFF && b[1] == 0xD8) || StartsWith(b, "GIF8") || (StartsWith(b, "RIFF") && b.Length > 12 && b[8] == (byte)'W'))
            throw new NewsMinerInputException(page.Source, "not an HTML page: it is an image");
        if (StartsWith(b, "PK\x03\x04") || (b.Length > 2 && b[0] == 0x1F && b[1] == 0x8B))
            throw new NewsMinerInputException(page.Source, "not an HTML page: it is a compressed archive");
        // Binary data: NUL bytes in the first kilobytes (UTF-16 pages carry a BOM and are decoded before this matters).
        var probe = Math.Min(b.Length, 8192);
        var nul = 0;
        for (var i = 0; i < probe; i++) if (b[i] == 0) nul++;
        var utf16 = b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
        if (!utf16 && nul > probe / 100) throw new NewsMinerInputException(page.Source, "not an HTML page: binary data");
    }

    private static bool StartsWith(byte[] b, string prefix)
    {
        if (b.Length < prefix.Length) return false;
        for (var i = 0; i < prefix.Length; i++) if (b[i] != (byte)prefix[i]) return false;
        return true;
    }

    // ---------- boilerplate removal ----------

    private static readonly HashSet<string> JunkTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "button", "input", "select", "textarea",
        "object", "embed", "nav", "aside", "footer", "dialog", "menu", "link", "meta", "figcaption", "label", "video", "audio",
    };

    [GeneratedRegex(@"related|share|sharing|social|newsletter|subscri|signup|sign-up|comment|disqus|cookie|consent|gdpr|banner|advert|sponsor|promo|sidebar|widget|breadcrumb|navbar|footer|masthead|popup|modal|author|byline|(^|[\s_-])bio([\s_-]|$)|(^|[\s_-])tags?([\s_-]|$)|categor|pagination|pager|outbrain|taboola|teaser|recommend|readmore|read-more|more-stories|trending|popular|toolbar|(^|[\s_-])print|follow|jump|(^|[\s_-])(ad|ads|adslot|ad-slot|nav|menu|skip|meta|rss|header)([\s_-]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeClass();

    [GeneratedRegex(@"(article|content|entry|post-body|story|main|text|body|blog)", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveClass();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    private static void RemoveJunk(IElement body)
    {
        var bodyText = Math.Max(1, body.TextContent.Length);
        foreach (var el in body.QuerySelectorAll("*").ToList())
        {
            if (el.Parent is null) continue; // already removed with an ancestor
            var tag = el.LocalName;
            if (JunkTags.Contains(tag)) { el.Remove(); continue; }
            if (el.HasAttribute("hidden") || el.GetAttribute("aria-hidden") == "true" ||
                (el.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style)))
            {
                el.Remove();
                continue;
            }
            var role = el.GetAttribute("role");
            if (role is "navigation" or "banner" or "contentinfo" or "complementary" or "dialog" or "search")
            {
                el.Remove();
                continue;
            }
            if (tag is "header" && el.QuerySelectorAll("p").All(p => p.TextContent.Length < 160)) { el.Remove(); continue; }
            if (tag is "body" or "html" or "article" or "main" or "p") continue;
            var cls = (el.ClassName ?? "") + " " + (el.Id ?? "");
            // A boilerplate-named element goes unless it holds much of the page's text (a wrapper named "post-with-sidebar").
            if (cls.Length > 1 && NegativeClass().IsMatch(cls) && el.TextContent.Length < bodyText * 0.3) el.Remove();
        }
    }

    // ---------- content root ----------

    private static readonly HashSet<string> ParagraphTags = new(StringComparer.OrdinalIgnoreCase) { "p", "pre", "td", "blockquote", "li", "h2", "h3", "h4" };

    /// <summary>Returns the blocks (elements) whose text forms the article.</summary>
    private static IReadOnlyList<INode>? FindContentRoot(IElement body)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var el in body.QuerySelectorAll("p, pre, td, blockquote, div, section, li"))
        {
            var isDivLike = el.LocalName is "div" or "section";
            var text = isDivLike ? DirectText(el) : el.TextContent;
            text = TextUtil.NormalizeSpace(text);
            if (text.Length < 25) continue;
            var score = 1.0 + text.Count(c => c == ',' || c == '，' || c == '、') + Math.Min(text.Length / 100, 3);
            var parent = isDivLike ? el : el.ParentElement;
            var level = 0;
            for (var a = parent; a is not null && level < 3; a = a.ParentElement, level++)
            {
                if (!scores.ContainsKey(a)) scores[a] = InitialScore(a);
                scores[a] += level == 0 ? score : level == 1 ? score / 2 : score / (level * 3);
            }
        }
        if (scores.Count == 0) return body.ChildNodes.ToList();

        IElement? top = null;
        var topScore = double.MinValue;
        foreach (var (el, s) in scores)
        {
            var adjusted = s * (1 - LinkDensity(el));
            scores[el] = adjusted;
            if (adjusted > topScore) { topScore = adjusted; top = el; }
        }
        if (top is null) return null;

        // Climb while the parent holds several good candidates (articles split across containers).
        while (top.ParentElement is { } parent && parent.LocalName is not "body" and not "html")
        {
            var strongChildren = parent.Children.Count(c => scores.TryGetValue(c, out var cs) && cs >= topScore * 0.3);
            if (strongChildren >= 2) { top = parent; topScore = Math.Max(topScore, scores.GetValueOrDefault(parent)); }
            else break;
        }

        var blocks = new List<INode>();
        var siblingThreshold = Math.Max(10, topScore * 0.2);
        var siblings = top.ParentElement?.ChildNodes.ToList() ?? [top];
        foreach (var sib in siblings)
        {
            if (sib == top) { blocks.Add(sib); continue; }
            if (sib is not IElement e) continue;
            if (scores.TryGetValue(e, out var s) && s >= siblingThreshold) { blocks.Add(e); continue; }
            if (e.LocalName is "p")
            {
                var t = TextUtil.NormalizeSpace(e.TextContent);
                var ld = LinkDensity(e);
                if ((t.Length > 80 && ld < 0.25) || (t.Length > 0 && ld == 0 && t.EndsWith('.')))
                    blocks.Add(e);
            }
        }
        return blocks;
    }

    private static double InitialScore(IElement el)
    {
        var s = el.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        if (el.LocalName is "article" || el.GetAttribute("itemprop") == "articleBody") s += 20;
        var cls = (el.ClassName ?? "") + " " + (el.Id ?? "");
        if (NegativeClass().IsMatch(cls)) s -= 25;
        if (PositiveClass().IsMatch(cls)) s += 25;
        return s;
    }

    private static string DirectText(IElement el)
    {
        var sb = new StringBuilder();
        foreach (var n in el.ChildNodes)
        {
            if (n.NodeType == NodeType.Text) sb.Append(n.TextContent);
            else if (n is IElement c && c.LocalName is "a" or "b" or "strong" or "em" or "i" or "span" or "br" or "font" or "u")
                sb.Append(c.TextContent);
        }
        return sb.ToString();
    }

    private static double LinkDensity(IElement el)
    {
        var total = el.TextContent.Length;
        if (total == 0) return 0;
        var links = 0;
        foreach (var a in el.QuerySelectorAll("a")) links += a.TextContent.Length;
        return Math.Min(1, (double)links / total);
    }

    // ---------- paragraph filter ----------

    [GeneratedRegex(@"^(share (this|on)|share this article|sign up|subscribe|follow us|read more|related( stories| articles| posts)?:?$|advertisement|sponsored|©|copyright|all rights reserved|click here|tags?:|filed under|posted in|you may also like|recommended|most popular|leave a (comment|reply)|\d+ comments?$)", RegexOptions.IgnoreCase)]
    private static partial Regex BoilerplateParagraph();

    private static IEnumerable<string> FilterParagraphs(List<string> paragraphs, string? title)
    {
        foreach (var p in paragraphs)
        {
            if (p.Length == 0) continue;
            if (p.Length < 120 && BoilerplateParagraph().IsMatch(p)) continue;
            if (title is not null && string.Equals(p, title, StringComparison.OrdinalIgnoreCase)) continue;
            yield return p;
        }
    }

    /// <summary>Serialises a DOM subtree into paragraphs: every block element and &lt;br&gt; ends a paragraph.</summary>
    private sealed class BlockWriter(List<string> output, int maxDepth)
    {
        private readonly StringBuilder _line = new();

        private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
            "pre", "table", "tr", "dl", "dt", "dd", "figure", "header", "hr", "address", "center", "details", "summary",
            "thead", "tbody", "tfoot", "caption",
        };

        public void Write(INode node) => Write(node, 0);

        private void Write(INode node, int depth)
        {
            switch (node)
            {
                case IText t:
                    _line.Append(t.Data);
                    return;
                case IElement e:
                    if (e.LocalName is "br") { Flush(); return; }
                    if (e.LocalName is "img" or "picture" or "source") return;
                    if (depth > maxDepth) { _line.Append(' ').Append(e.TextContent).Append(' '); return; }
                    var block = BlockTags.Contains(e.LocalName);
                    if (block) Flush();
                    if (e.LocalName is "td" or "th") _line.Append(' ');
                    foreach (var child in e.ChildNodes) Write(child, depth + 1);
                    if (e.LocalName is "td" or "th") _line.Append(' ');
                    if (block) Flush();
                    return;
            }
        }

        public void Flush()
        {
            if (_line.Length == 0) return;
            var text = TextUtil.NormalizeSpace(_line.ToString());
            _line.Clear();
            if (text.Length > 0) output.Add(text);
        }
    }
}
