using System.Xml;

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
        var head = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 2048)).TrimStart('\uFEFF').TrimStart();
        if (head.StartsWith('<') && head.Contains("<opml", StringComparison.OrdinalIgnoreCase)) return FromOpml(source, bytes);
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

    private static IReadOnlyList<FeedLocation> FromOpml(string source, byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 1024 };
        var list = new List<FeedLocation>();
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "outline") continue;
                var url = reader.GetAttribute("xmlUrl") ?? reader.GetAttribute("xmlurl");
                if (string.IsNullOrWhiteSpace(url)) continue;
                url = url.Trim();
                var dir = Path.GetDirectoryName(Path.GetFullPath(source))!;
                list.Add(IsHttp(url) ? new FeedLocation(url, true) : new FeedLocation(Path.GetFullPath(Path.Combine(dir, url)), false));
            }
        }
        catch (XmlException ex) { throw new NewsMinerInputException(source, $"the OPML file could not be parsed ({ex.Message})", ex); }
        if (list.Count == 0) throw new NewsMinerInputException(source, "the OPML file has no outline with an xmlUrl");
        return list;
    }

    public static bool IsHttp(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}
