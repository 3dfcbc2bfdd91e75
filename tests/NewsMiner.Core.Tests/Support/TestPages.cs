using System.Net;
using System.Text;

namespace NewsMiner.Core.Tests.Support;

/// <summary>Article pages for tests that serve them over HTTP.</summary>
internal static class TestPages
{
    /// <summary>
    /// An HTML page made from a corpus-format text file (header lines, a blank line, paragraphs separated by blank
    /// lines): its title in the head and an <c>h1</c>, its date as <c>article:published_time</c>, its paragraphs as <c>p</c>.
    /// </summary>
    public static byte[] FromTextFile(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var header = text[..split].Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var paragraphs = text[(split + 2)..].Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var title = WebUtility.HtmlEncode(header.GetValueOrDefault("title") ?? "Untitled");
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>");
        if (header.TryGetValue("published", out var published)) html.Append($"<meta property=\"article:published_time\" content=\"{published}\">");
        html.Append($"</head><body><article><h1>{title}</h1>");
        foreach (var p in paragraphs) html.Append("<p>").Append(WebUtility.HtmlEncode(p.Trim())).Append("</p>");
        html.Append("</article></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>An RSS 2.0 feed listing <paramref name="links"/> (relative ones are relative to <paramref name="baseUrl"/>).</summary>
    public static byte[] Rss(string baseUrl, params string[] links) => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Test feed</title><link>" + baseUrl + "/</link>" +
        string.Concat(links.Select((l, i) => $"<item><title>Item {i}</title><link>{l}</link><pubDate>Tue, 03 Jun 2025 01:00:00 GMT</pubDate></item>")) +
        "</channel></rss>");
}
