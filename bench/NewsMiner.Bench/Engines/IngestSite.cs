using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Bench.Engines;

/// <summary>A story the generated site is made of: a corpus article's title and paragraphs.</summary>
internal sealed record Story(string Title, IReadOnlyList<string> Paragraphs);

/// <summary>
/// A news site on 127.0.0.1 for the ingest benchmark: <c>/feeds/N.xml</c> is an RSS 2.0 feed of N items, and
/// <c>/runN/story/I</c> the I-th article page of that feed. Pages are generated on request from the corpus's texts,
/// wrapped in the furniture of a real news page (head metadata and JSON-LD, inline style and script, navigation,
/// share bar, ad slots, sidebar, related stories, newsletter box, comments, footer). Every page is unique and no page is a
/// near-copy of another: page I carries story I mod K (mixed with other stories' paragraphs after the first lap, see
/// <see cref="BodyOf"/>) and, as its last paragraph, the lead of another story chosen by I div K (K stories give
/// K × (K − 1) distinct pages). Nothing is kept per page, so the server's
/// memory does not grow with N.
/// </summary>
internal sealed class IngestSite : IDisposable
{
    public const string SiteName = "Ledger Watch";

    private readonly IReadOnlyList<Story> _stories;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private static readonly DateTimeOffset Newest = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private long _requests;
    private long _bytes;

    public IngestSite(IReadOnlyList<Story> stories)
    {
        if (stories.Count < 2) throw new ArgumentException("the site needs at least two stories", nameof(stories));
        _stories = stories;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Distinct pages the site can serve.</summary>
    public long Capacity => (long)_stories.Count * (_stories.Count - 1);

    public long Requests => Interlocked.Read(ref _requests);
    public long BytesServed => Interlocked.Read(ref _bytes);

    public string FeedUrl(int n) => $"{BaseUrl}/feeds/{n}.xml";

    public static IReadOnlyList<Story> StoriesFrom(IEnumerable<CleanedArticle> articles) => articles
        .Select(a => new Story(a.Title ?? "Untitled", a.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        .Where(s => s.Paragraphs.Count >= 2)
        .ToList();

    /// <summary>The RSS feed of the first <paramref name="n"/> pages, newest first.</summary>
    public byte[] Feed(int n)
    {
        var sb = new StringBuilder(n * 400);
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>")
            .Append("<title>").Append(SiteName).Append(": security</title><link>").Append(BaseUrl).Append("/</link>")
            .Append("<description>Crypto and security news</description><language>en</language>\n");
        for (var i = 0; i < n; i++)
        {
            var story = StoryOf(i);
            var link = PageUrl(n, i);
            sb.Append("<item><title>").Append(Xml(story.Title)).Append("</title><link>").Append(link).Append("</link><guid isPermaLink=\"true\">").Append(link)
                .Append("</guid><pubDate>").Append(Published(i).ToString("r", CultureInfo.InvariantCulture)).Append("</pubDate><dc:creator>").Append(Author(i))
                .Append("</dc:creator><description>").Append(Xml(Teaser(story.Paragraphs[0]))).Append("</description></item>\n");
        }
        sb.Append("</channel></rss>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private string PageUrl(int n, int i) => $"{BaseUrl}/run{n}/story/{i}";

    private Story StoryOf(int i) => _stories[i % _stories.Count];

    /// <summary>The story whose lead closes page <paramref name="i"/>: never the page's own, and a different one each lap over the stories.</summary>
    private Story EarlierOf(int i)
    {
        var k = _stories.Count;
        return _stories[(i % k + 1 + i / k % (k - 1)) % k];
    }

    /// <summary>
    /// The body of page <paramref name="i"/>. The first lap over the stories serves each story as written; after it,
    /// each of at least six paragraphs is a paragraph of a story picked by a hash of (I, j), so two pages share at most
    /// a paragraph by chance and are not near-duplicates of each other (the pipeline would rightly store a
    /// near-copy as another URL of the first page, not as a new article).
    /// </summary>
    private IReadOnlyList<string> BodyOf(int i)
    {
        var k = _stories.Count;
        var story = StoryOf(i);
        var lap = i / k;
        if (lap == 0) return story.Paragraphs;
        var body = new List<string>(Math.Max(6, story.Paragraphs.Count));
        for (var j = 0; j < Math.Max(6, story.Paragraphs.Count); j++)
        {
            var h = Mix((ulong)i << 16 | (uint)j);
            var donor = _stories[(int)(h % (ulong)k)];
            body.Add(donor.Paragraphs[(int)((h >> 32) % (ulong)donor.Paragraphs.Count)]);
        }
        return body;
    }

    /// <summary>SplitMix64's finaliser: a well-spread hash of a small number.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static DateTimeOffset Published(int i) => Newest.AddMinutes(-37 * i);

    private static readonly string[] Authors = ["Dana Whitfield", "Ravi Menon", "Lucía Ortega", "Tom Becker", "Mei Tanaka", "Kwame Asante"];
    private static string Author(int i) => Authors[i % Authors.Length];

    /// <summary>Article page <paramref name="i"/> of the feed of <paramref name="n"/>.</summary>
    public byte[] Page(int n, int i)
    {
        var story = StoryOf(i);
        var earlier = EarlierOf(i);
        var url = PageUrl(n, i);
        var published = Published(i);
        var iso = published.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var title = Html(story.Title);
        var sb = new StringBuilder(48 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").Append(title).Append(" | ").Append(SiteName).Append("</title>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"description\" content=\"").Append(Html(Teaser(story.Paragraphs[0]))).Append("\">\n")
            .Append("<meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"").Append(title).Append("\">\n")
            .Append("<meta property=\"og:site_name\" content=\"").Append(SiteName).Append("\"><meta property=\"og:url\" content=\"").Append(url).Append("\">\n")
            .Append("<meta property=\"article:published_time\" content=\"").Append(iso).Append("\"><meta name=\"author\" content=\"").Append(Author(i)).Append("\">\n")
            .Append("<link rel=\"canonical\" href=\"").Append(url).Append("\"><link rel=\"stylesheet\" href=\"/static/site.css\">\n")
            .Append("<style>").Append(Css).Append("</style>\n")
            .Append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"").Append(JsonText(story.Title))
            .Append("\",\"datePublished\":\"").Append(iso).Append("\",\"author\":{\"@type\":\"Person\",\"name\":\"").Append(Author(i))
            .Append("\"},\"publisher\":{\"@type\":\"Organization\",\"name\":\"").Append(SiteName).Append("\"},\"mainEntityOfPage\":\"").Append(url).Append("\"}</script>\n")
            .Append("<script>window.__PAGE__={\"id\":").Append(i).Append(",\"section\":\"security\"};").Append(Script).Append("</script>\n")
            .Append("</head><body class=\"article-page\">\n<header class=\"site-header\"><div class=\"logo\"><a href=\"/\">").Append(SiteName).Append("</a></div>\n")
            .Append(Navigation)
            .Append("<div class=\"search\"><form action=\"/search\"><input name=\"q\" placeholder=\"Search\"><button>Search</button></form></div></header>\n")
            .Append("<div class=\"breadcrumbs\"><a href=\"/\">Home</a> › <a href=\"/security\">Security</a> › <a href=\"/security/crypto\">Crypto</a></div>\n")
            .Append("<main class=\"layout\"><article class=\"post\">\n<h1 class=\"entry-title\">").Append(title).Append("</h1>\n")
            .Append("<div class=\"byline\">By <a href=\"/author/").Append(i % Authors.Length).Append("\">").Append(Author(i)).Append("</a> · <time datetime=\"").Append(iso).Append("\">")
            .Append(published.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time></div>\n")
            .Append(ShareBar)
            .Append("<figure class=\"lead-image\"><img src=\"/img/").Append(i).Append(".jpg\" alt=\"\"><figcaption>Illustration: ").Append(SiteName).Append("</figcaption></figure>\n")
            .Append("<div class=\"entry-content\">\n");
        var paragraphs = BodyOf(i);
        for (var p = 0; p < paragraphs.Count; p++)
        {
            sb.Append("<p>").Append(Html(paragraphs[p])).Append("</p>\n");
            if (p == 2) sb.Append("<div class=\"ad-slot\"><span>Advertisement</span><div id=\"ad-").Append(i).Append("\"></div></div>\n");
            if (p == 5) sb.Append("<div class=\"inline-related\"><strong>Read more:</strong> <a href=\"").Append(PageUrl(n, (i + 7) % Math.Max(1, n))).Append("\">")
                .Append(Html(EarlierOf(i + 7).Title)).Append("</a></div>\n");
        }
        sb.Append("<p>Earlier on this beat: ").Append(Html(earlier.Paragraphs[0])).Append("</p>\n</div>\n")
            .Append("<div class=\"tags\">Tags: <a href=\"/tag/crypto\">crypto</a> <a href=\"/tag/hacks\">hacks</a> <a href=\"/tag/defi\">DeFi</a></div>\n")
            .Append(ShareBar)
            .Append("</article>\n<aside class=\"sidebar\"><section class=\"widget popular\"><h3>Most read</h3><ol>\n");
        for (var k = 1; k <= 8; k++)
            sb.Append("<li><a href=\"").Append(PageUrl(n, (i + 13 * k) % Math.Max(1, n))).Append("\">").Append(Html(StoryOf(i + 13 * k).Title)).Append("</a></li>\n");
        sb.Append("</ol></section>\n<section class=\"widget newsletter\"><h3>Newsletter</h3><p>Get the week's security news in your inbox every Friday.</p>")
            .Append("<form action=\"/subscribe\"><input type=\"email\" name=\"email\"><button>Subscribe</button></form></section></aside></main>\n")
            .Append("<section class=\"related\"><h2>Related stories</h2><ul>\n");
        for (var k = 1; k <= 6; k++)
        {
            var other = StoryOf(i + 29 * k);
            sb.Append("<li><a href=\"").Append(PageUrl(n, (i + 29 * k) % Math.Max(1, n))).Append("\"><h3>").Append(Html(other.Title)).Append("</h3><p>")
                .Append(Html(Teaser(other.Paragraphs[0]))).Append("</p></a></li>\n");
        }
        sb.Append("</ul></section>\n<div id=\"comments\" class=\"comments\"><h3>Comments</h3><p>Comments are closed for this article.</p></div>\n")
            .Append(Footer)
            .Append("<script src=\"/static/app.js\" defer></script><script>(function(){var d=document,s=d.createElement('script');s.src='/static/stats.js?page=")
            .Append(i).Append("';d.body.appendChild(s);})();</script>\n</body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(ctx));
        }
    }

    private async Task ServeAsync(HttpListenerContext ctx)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            var (body, type) = Route(ctx.Request.Url!.AbsolutePath);
            if (body is null)
            {
                ctx.Response.StatusCode = 404;
                ctx.Response.Close();
                return;
            }
            ctx.Response.ContentType = type;
            ctx.Response.ContentLength64 = body.Length;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
            Interlocked.Add(ref _bytes, body.Length);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            try { ctx.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private (byte[]? Body, string Type) Route(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["feeds", var file] && file.EndsWith(".xml", StringComparison.Ordinal) && int.TryParse(file[..^4], CultureInfo.InvariantCulture, out var n) && n > 0)
            return (Feed(n), "application/rss+xml; charset=utf-8");
        if (parts is [var run, "story", var index] && run.StartsWith("run", StringComparison.Ordinal)
            && int.TryParse(run[3..], CultureInfo.InvariantCulture, out var size) && int.TryParse(index, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < size)
            return (Page(size, i), "text/html; charset=utf-8");
        return (null, "");
    }

    private static string Teaser(string paragraph) => paragraph.Length <= 160 ? paragraph : paragraph[..paragraph.LastIndexOf(' ', 157)] + "…";

    private static string Html(string s) => WebUtility.HtmlEncode(s);

    private static string Xml(string s) => System.Security.SecurityElement.Escape(s);

    private static string JsonText(string s) => System.Text.Json.JsonEncodedText.Encode(s).ToString();

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        _stop.Dispose();
    }

    // The furniture every page shares: about 20 KB, as on real news sites, where the article is a minority of the bytes.
    private static readonly string Navigation = "<nav class=\"main-nav\" aria-label=\"Sections\"><ul>"
        + string.Concat(new[] { "News", "Security", "Crypto", "DeFi", "Exchanges", "Regulation", "Markets", "Analysis", "Opinion", "Podcasts", "Events", "Newsletters",
            "Research", "Data", "Video", "About", "Contact", "Advertise", "Careers", "Subscribe" }
            .Select(s => $"<li><a href=\"/{s.ToLowerInvariant()}\">{s}</a></li>")) + "</ul></nav>\n";

    private const string ShareBar = "<div class=\"share-bar\"><a href=\"/share/x\">Share on X</a> <a href=\"/share/facebook\">Facebook</a> "
        + "<a href=\"/share/linkedin\">LinkedIn</a> <a href=\"/share/email\">Email</a> <button class=\"copy-link\">Copy link</button></div>\n";

    private static readonly string Footer = "<footer class=\"site-footer\"><div class=\"footer-links\"><ul>"
        + string.Concat(new[] { "About us", "Editorial standards", "Corrections", "Privacy policy", "Cookie settings", "Terms of use", "Contact", "Tips", "RSS feeds",
            "Sitemap", "Advertise", "Jobs", "Press", "Accessibility", "Archive" }.Select(s => $"<li><a href=\"/{s.Replace(' ', '-').ToLowerInvariant()}\">{s}</a></li>"))
        + "</ul></div><p class=\"copyright\">© 2025 " + SiteName + ". All rights reserved.</p></footer>\n";

    private static readonly string Css = string.Concat(Enumerable.Range(0, 120).Select(k =>
        $".c{k}{{margin:{k % 7}px {k % 5}px;padding:{k % 3}px;color:#{k * 2111 % 0xFFFFFF:x6};font-size:{12 + k % 6}px;line-height:1.{k % 9}}}\n"));

    private static readonly string Script = "var cfg={" + string.Join(",", Enumerable.Range(0, 150).Select(k =>
        $"\"k{k}\":{{\"slot\":\"div-gpt-ad-{k * 7919 % 100000}\",\"sizes\":[[300,250],[728,90]],\"refresh\":{(k % 4 == 0 ? "true" : "false")}}}")) + "};"
        + "function track(e){if(!window.dataLayer)window.dataLayer=[];window.dataLayer.push(e);}track({event:'view'});";
}
