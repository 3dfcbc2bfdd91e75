using System.Text;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Reads a plain-text article with a small header (<c>url:</c>, <c>published:</c>, <c>title:</c>, <c>author:</c>
/// lines, a blank line, then the body), the format of the corpus's <c>.txt</c> files.
/// </summary>
public static class PlainTextArticleReader
{
    public static CleanedArticle Read(string source, byte[] bytes)
    {
        if (bytes.Length == 0) throw new NewsMinerInputException(source, "the file is empty (0 bytes)");
        var text = CharsetDecoder.Decode(bytes, null, out _).Replace("\r\n", "\n").Replace('\r', '\n');
        var lines = text.Split('\n');
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0) { i++; break; }
            var colon = line.IndexOf(':');
            if (colon <= 0 || colon > 20 || line[..colon].Any(char.IsWhiteSpace))
            {
                // No header: the whole file is the body.
                header.Clear();
                i = 0;
                break;
            }
            header[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        for (; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                if (current.Length > 0) { paragraphs.Add(TextUtil.NormalizeSpace(current.ToString())); current.Clear(); }
            }
            else current.Append(' ').Append(lines[i]);
        }
        if (current.Length > 0) paragraphs.Add(TextUtil.NormalizeSpace(current.ToString()));
        var body = string.Join("\n\n", paragraphs.Where(p => p.Length > 0));
        return new CleanedArticle
        {
            Source = source,
            Url = header.GetValueOrDefault("url"),
            Title = header.GetValueOrDefault("title"),
            Author = header.GetValueOrDefault("author"),
            Published = MetadataReader.ParseDate(header.GetValueOrDefault("published")),
            Language = header.GetValueOrDefault("language") ?? LanguageGuesser.Guess(body),
            SiteName = header.GetValueOrDefault("site"),
            Text = body,
            Readerable = body.Length >= 140,
        };
    }
}
