namespace NewsMiner.Core.Feeds;

/// <summary>A feed to read: an http(s) URL or a local file.</summary>
public sealed record FeedLocation(string Value, bool IsRemote);

/// <summary>
/// Turns the <c>--feeds</c> SOURCE into feeds: a feed URL, a local feed file, an OPML file, or a text file with one
/// feed URL or path per line (<c>#</c> starts a comment; relative paths are relative to the list file).
/// </summary>
public static class FeedSources
{
    public static IReadOnlyList<FeedLocation> Resolve(string source)
    {
        if (IsHttp(source)) return [new FeedLocation(source, true)];
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) source = new Uri(source).LocalPath;
        if (!File.Exists(source)) throw new NewsMinerInputException(source, "no such file, and not an http(s) URL");
        var bytes = File.ReadAllBytes(source);
        var decoded = FeedDecoder.Decode(bytes);
        var head = (decoded.Text.Length > 2048 ? decoded.Text[..2048] : decoded.Text).TrimStart();
        if (head.StartsWith('<') && head.Contains("<opml", StringComparison.OrdinalIgnoreCase)) return FromOpml(source, decoded.Text);
        if (head.StartsWith('<') || head.StartsWith('{')) return [new FeedLocation(source, false)];
        var dir = Path.GetDirectoryName(Path.GetFullPath(source))!;
        var list = new List<FeedLocation>();
        foreach (var raw in File.ReadAllLines(source))
        {
            var line = raw.Trim();
            var hash = line.IndexOf(" #", StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            list.Add(IsHttp(line) ? new FeedLocation(line, true) : new FeedLocation(Path.GetFullPath(Path.Combine(dir, line)), false));
        }
        if (list.Count == 0) throw new NewsMinerInputException(source, "the feed list names no feeds");
        return list;
    }

    /// <summary>Every outline with an xmlUrl, at any depth; read with the feeds' safe XML reader (no DTD, bounded entities, repairs).</summary>
    private static IReadOnlyList<FeedLocation> FromOpml(string source, string text)
    {
        var root = FeedXml.Load(source, text, new List<string>());
        if (!root.Name.LocalName.Equals("opml", StringComparison.OrdinalIgnoreCase))
            throw new NewsMinerInputException(source, $"not an OPML file: the root element is <{root.Name.LocalName}>");
        var dir = Path.GetDirectoryName(Path.GetFullPath(source))!;
        var list = new List<FeedLocation>();
        foreach (var outline in root.Descendants().Where(e => e.Name.LocalName.Equals("outline", StringComparison.OrdinalIgnoreCase)))
        {
            var url = outline.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals("xmlUrl", StringComparison.OrdinalIgnoreCase))?.Value.Trim();
            if (string.IsNullOrEmpty(url)) continue;
            list.Add(IsHttp(url) ? new FeedLocation(url, true) : new FeedLocation(Path.GetFullPath(Path.Combine(dir, url)), false));
        }
        if (list.Count == 0) throw new NewsMinerInputException(source, "the OPML file has no outline with an xmlUrl");
        return list;
    }

    public static bool IsHttp(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}
