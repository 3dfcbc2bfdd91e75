using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// The article title. Order: the JSON-LD article's name/headline; Dublin Core, Open Graph, Weibo, <c>title</c>,
/// Twitter and Parse.ly title meta; then the &lt;title&gt; element. Meta titles are taken as the publisher wrote them.
/// The &lt;title&gt; loses a site suffix or prefix ("Story | Site") when that part is the page's known site name, or
/// when at least three words remain (two-word remnants are more often a cut headline than a title); a title of
/// "Section: Headline" form is cut at the colon unless a heading repeats it whole; a very short or very long
/// &lt;title&gt; gives way to the page's only &lt;h1&gt;. A title never comes from the &lt;h1&gt; when &lt;title&gt; says otherwise.
/// </summary>
internal static partial class TitleReader
{
    [GeneratedRegex(@"[|\-–—\\/>»]+")]
    private static partial Regex Separators();

    public static string? Read(IHtmlDocument doc, MetaTags meta, JsonLdArticle ld, string? siteName)
    {
        var fromTitleElement = FromTitleElement(doc, null);
        return Clean(FromJsonLd(ld, fromTitleElement, siteName)) ??
               Clean(meta.Get("dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title")) ??
               Clean(FromTitleElement(doc, siteName));
    }

    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (s.Contains('&')) s = System.Net.WebUtility.HtmlDecode(s);
        var t = TextUtil.NormalizeSpace(s);
        return t.Length == 0 ? null : t;
    }

    /// <summary>
    /// JSON-LD gives <c>name</c> and <c>headline</c>; some publishers put their own name in <c>name</c>. Take the one
    /// that resembles the page's &lt;title&gt;, the headline when the name is the site's, else the name.
    /// </summary>
    private static string? FromJsonLd(JsonLdArticle ld, string? pageTitle, string? siteName)
    {
        var name = Clean(ld.Name);
        var headline = Clean(ld.Headline);
        if (name is null || headline is null || name == headline) return name ?? headline;
        if (siteName is not null && (string.Equals(name, siteName, StringComparison.OrdinalIgnoreCase) ||
                                     string.Equals(name, Clean(ld.Publisher), StringComparison.OrdinalIgnoreCase)))
            return headline;
        if (pageTitle is null) return name;
        var nameMatches = Similarity(name, pageTitle) > 0.75;
        var headlineMatches = Similarity(headline, pageTitle) > 0.75;
        return headlineMatches && !nameMatches ? headline : name;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    /// <summary>Share of <paramref name="b"/>'s text (by characters of its words) that also occurs as words in <paramref name="a"/>.</summary>
    internal static double Similarity(string a, string b)
    {
        var ta = NonWord().Split(a.ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet();
        var tb = NonWord().Split(b.ToLowerInvariant()).Where(t => t.Length > 0).ToList();
        if (ta.Count == 0 || tb.Count == 0) return 0;
        var unique = string.Join(' ', tb.Where(t => !ta.Contains(t))).Length;
        return 1 - (double)unique / string.Join(' ', tb).Length;
    }

    [GeneratedRegex(@" [|\-–—\\/>»] ")]
    private static partial Regex Separator();

    [GeneratedRegex(@" [\\/>»] ")]
    private static partial Regex HierarchicalSeparator();

    private static int WordCount(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The &lt;title&gt; element without its site part; <paramref name="siteName"/> (when known) is always removed.</summary>
    internal static string? FromTitleElement(IHtmlDocument doc, string? siteName)
    {
        var original = Clean(doc.QuerySelector("title")?.TextContent);
        if (original is null)
        {
            var h1s = doc.QuerySelectorAll("h1");
            return h1s.Length == 1 ? Clean(h1s[0].TextContent) : null;
        }
        if (WithoutSiteName(original, siteName) is { } stripped) return stripped;

        var current = original;
        var hierarchical = false;
        var separators = Separator().Matches(original);
        if (separators.Count > 0)
        {
            hierarchical = HierarchicalSeparator().IsMatch(original);
            current = original[..separators[^1].Index];            // drop the last part: "Story | Site"
            if (WordCount(current) < 3) current = original[(separators[0].Index + separators[0].Length)..]; // "Site | Story"
        }
        else if (original.Contains(": "))
        {
            var repeated = doc.QuerySelectorAll("h1, h2").Any(h => TextUtil.NormalizeSpace(h.TextContent) == original);
            if (!repeated)
            {
                current = original[(original.LastIndexOf(':') + 1)..];
                if (WordCount(current) < 3) current = original[(original.IndexOf(':') + 1)..];
                else if (WordCount(original[..original.IndexOf(':')]) > 5) current = original;
            }
        }
        else if (original.Length is > 150 or < 15)
        {
            var h1s = doc.QuerySelectorAll("h1");
            if (h1s.Length == 1 && Clean(h1s[0].TextContent) is { } h1) current = h1;
        }

        current = TextUtil.NormalizeSpace(current);
        var words = WordCount(current);
        // Four words or fewer left: keep the whole title, unless it was a breadcrumb ("Site > Section > Story")
        // whose last step we removed.
        if (words <= 4 && (!hierarchical || words != WordCount(Separators().Replace(original, "")) - 1))
            current = original;
        return current.Length == 0 ? original : current;
    }

    /// <summary>"Story | Site", "Site - Story", "Story — Site" without the part equal to the known site name.</summary>
    private static string? WithoutSiteName(string title, string? siteName)
    {
        if (string.IsNullOrWhiteSpace(siteName)) return null;
        var site = TextUtil.NormalizeSpace(siteName);
        foreach (var sep in new[] { " | ", " - ", " – ", " — ", " · ", " :: ", " » ", " / ", " > ", ": " })
        {
            if (title.EndsWith(sep + site, StringComparison.OrdinalIgnoreCase))
            {
                var rest = title[..^(sep.Length + site.Length)].TrimEnd();
                if (rest.Length > 0) return rest;
            }
            if (sep != ": " && title.StartsWith(site + sep, StringComparison.OrdinalIgnoreCase))
            {
                var rest = title[(site.Length + sep.Length)..].TrimStart();
                if (rest.Length > 0) return rest;
            }
        }
        return null;
    }
}
