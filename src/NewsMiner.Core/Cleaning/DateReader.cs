using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Published and modified times. Published: JSON-LD <c>datePublished</c>; article:published_time, Parse.ly and the
/// other publication meta; JSON-LD <c>dateCreated</c>; <c>itemprop=datePublished</c> and &lt;time&gt; elements of the
/// article; the date in the URL; a visible dateline in the article's header. When the sources disagree on the day,
/// the one that agrees with the URL's date wins. A time written without an offset takes the offset of another source
/// on the page that gives the same wall-clock time, else UTC. Modified: JSON-LD <c>dateModified</c>,
/// article:modified_time and kin, dropped when it is earlier than the publication.
/// </summary>
internal static partial class DateReader
{
    private static readonly string[] PublishedMeta =
    [
        "article:published_time", "parsely-pub-date", "og:published_time", "published_time", "article:published", "itemprop:datepublished",
        "dc:date:issued", "dcterm:issued", "dcterm:created", "dc:date:created", "dc:date", "dcterm:date", "date", "pubdate", "publishdate",
        "publish-date", "publish_date", "published-date", "published_date", "published_at", "article_date_original", "sailthru:date",
        "citation_publication_date", "citation_date", "dc:date:published", "original-publish-date",
    ];

    private static readonly string[] ModifiedMeta =
    [
        "article:modified_time", "og:updated_time", "modified_time", "itemprop:datemodified", "dcterm:modified", "dc:date:modified",
        "last-modified", "lastmod", "updated_time", "article:updated_time",
    ];

    public static (DateTimeOffset? Published, DateTimeOffset? Modified) Read(IElement[] all, MetaTags meta, JsonLdArticle ld, string? url)
    {
        var candidates = new List<PageDate>();
        void Add(string? s)
        {
            if (DateNormalizer.TryParse(s, out var d)) candidates.Add(d);
        }
        Add(ld.DatePublished);
        foreach (var v in meta.All(PublishedMeta)) Add(v);
        Add(ld.DateCreated);
        var roots = ArticleRoots(all);
        // One pass over the elements for the microdata and <time pubdate> dates, published and modified (selector
        // queries would walk the whole document once each).
        var modifiedMarked = new List<string?>();
        foreach (var e in all)
        {
            if (e.Attributes.Length == 0) continue;
            if (e.GetAttribute("itemprop") is { } itemprop)
            {
                if (HasToken(itemprop, "datePublished")) Add(e.GetAttribute("datetime") ?? e.GetAttribute("content"));
                else if (HasToken(itemprop, "dateModified")) modifiedMarked.Add(e.GetAttribute("datetime") ?? e.GetAttribute("content"));
            }
            else if (e.LocalName == "time" && e.HasAttribute("pubdate")) Add(e.GetAttribute("datetime"));
        }
        // The first <time> of each article region: the few <time> elements are checked, not the whole region walked.
        foreach (var root in roots)
            foreach (var e in root.GetElementsByTagName("time"))
                if (DomWalk.IsInArticleRegion(e, root))
                {
                    Add(e.GetAttribute("datetime"));
                    break;
                }

        var urlDay = DateNormalizer.FromUrl(url);
        PageDate? published = null;
        if (candidates.Count > 0)
        {
            published = candidates[0];
            if (urlDay is { } day && !SameDay(published.Value, day) && candidates.FirstOrDefault(c => SameDay(c, day)) is { Value.Year: > 1 } agreeing)
                published = agreeing;
        }
        else if (urlDay is { } day)
            published = new PageDate(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), false, false);
        else if (VisibleDateline(roots) is { } seen)
            published = seen;

        var modifiedCandidates = new List<PageDate>();
        foreach (var s in new[] { ld.DateModified }.Concat(meta.All(ModifiedMeta)))
            if (DateNormalizer.TryParse(s, out var d)) modifiedCandidates.Add(d);
        foreach (var v in modifiedMarked)
            if (DateNormalizer.TryParse(v, out var d)) modifiedCandidates.Add(d);

        if (published is { HasOffset: false, HasTime: true } local)
        {
            // A wall-clock time without its zone: take the zone of another date of the page that gives one for the
            // same wall-clock time, else for the same day (a site writes all its dates in one zone).
            var wall = local.Value.DateTime;
            var zoned = candidates.Concat(modifiedCandidates).Where(c => c.HasOffset).ToList();
            var donor = zoned.Where(c => Math.Abs((c.Value.DateTime - wall).TotalMinutes) < 1)
                .Concat(zoned.Where(c => c.Value.DateTime.Date == wall.Date)).Select(c => (PageDate?)c).FirstOrDefault();
            if (donor is { } z) published = new PageDate(new DateTimeOffset(wall, z.Value.Offset), true, true);
        }

        DateTimeOffset? modified = modifiedCandidates.Count > 0 ? modifiedCandidates[0].Value : null;
        if (modified is { } m && published is { } p && m < p.Value.AddMinutes(-1)) modified = null;
        return (published?.Value, modified);
    }

    private static bool HasToken(string list, string token)
    {
        foreach (var t in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (t.Equals(token, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool SameDay(PageDate d, DateOnly day) => Math.Abs(DateOnly.FromDateTime(d.Value.DateTime).DayNumber - day.DayNumber) <= 1;

    /// <summary>
    /// Where the article's own header is: each &lt;article&gt; element (the first few), else the neighbourhood of the
    /// page's first &lt;h1&gt;. Dates elsewhere on a page (a masthead's "today", teasers, comments) are not its date.
    /// </summary>
    private static List<IElement> ArticleRoots(IElement[] all)
    {
        IElement? article = null, h1 = null;
        foreach (var e in all)
        {
            if (e.LocalName == "article") { article = e; break; }
            if (h1 is null && e.LocalName == "h1") h1 = e;
        }
        var roots = article is not null ? new List<IElement> { article } : [];
        if (roots.Count == 0 && h1 is not null)
        {
            var root = h1;
            for (var i = 0; i < 3 && root.LocalName != "body" && root.ParentElement is { LocalName: not "html" } parent; i++) root = parent;
            roots.Add(root);
        }
        return roots;
    }

    [GeneratedRegex(@"date|time|publish|posted|byline|meta|info|stamp", RegexOptions.IgnoreCase)]
    private static partial Regex DatelineClass();

    [GeneratedRegex(@"update|modified|access|comment|expir|event|deadline", RegexOptions.IgnoreCase)]
    private static partial Regex NotPublicationClass();

    [GeneratedRegex(@"^\s*(?:last\s+)?(?:updated|modified|mis\s+à\s+jour|aktualisiert|actualizado|retrieved|accessed)", RegexOptions.IgnoreCase)]
    private static partial Regex NotPublicationText();

    [GeneratedRegex(@"^\s*(?:posted|published|publié|veröffentlicht|publicado|pubblicato)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SaysPublished();

    /// <summary>
    /// A date shown in the article's header: an element named for dates (or a &lt;time&gt;) before the body text
    /// starts. The machine-readable attributes (datetime, content, title) of it and its children are read before its text. Dates after the
    /// second paragraph of prose (citations, comments, "related" lists) are never taken.
    /// </summary>
    private static PageDate? VisibleDateline(List<IElement> roots)
    {
        foreach (var root in roots)
        {
            var tried = 0;
            var paragraphs = 0;
            foreach (var e in DomWalk.ArticleRegionElements(root))
            {
                // A standfirst may precede the dateline; after a second paragraph of prose the body has begun.
                if (e.LocalName == "p" && e.TextContent.Length >= ReaderableClassifier.MinParagraphLength && ++paragraphs >= 2) break;
                var cls = DomWalk.ClassAndId(e);
                if (!DatelineClass().IsMatch(cls) && e.LocalName != "time") continue;
                if (NotPublicationClass().IsMatch(cls) && !SaysPublished().IsMatch(e.TextContent)) continue;
                foreach (var x in new[] { e }.Concat(e.QuerySelectorAll("[datetime], [content], [title]").Take(8)))
                    foreach (var attr in new[] { "datetime", "content", "title" })
                        if (DateNormalizer.TryParse(x.GetAttribute(attr), out var fromAttribute)) return fromAttribute;
                var text = e.TextContent;
                if (text.Length > 200 || NotPublicationText().IsMatch(text)) continue;
                if (DateNormalizer.TryFindInText(text, out var d)) return d;
                if (++tried >= 6) break;
            }
        }
        return null;
    }
}
