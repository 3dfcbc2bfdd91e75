using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace NewsMiner.Core.Feeds;

/// <summary>
/// Reads feed XML safely and forgivingly. Before parsing it repairs what real feeds get wrong: HTML named entities
/// (<c>&amp;nbsp;</c>) become character references, bare ampersands are escaped, namespace prefixes used without a
/// declaration are declared, characters XML forbids are dropped, and a DOCTYPE without entity declarations is
/// removed (external DTDs are never read). A DOCTYPE that declares external or parameter entities is refused; one
/// that declares internal entities is parsed with expansion bounded to <see cref="MaxEntityCharacters"/>
/// characters and no resolver, so a "billion laughs" document is refused. A document cut off or broken after its
/// root element started keeps what was read before the break, with a warning.
/// </summary>
internal static partial class FeedXml
{
    /// <summary>Most characters internal entities may expand to in one document. Default 100,000.</summary>
    public const long MaxEntityCharacters = 100_000;

    private static readonly Dictionary<string, string> KnownNamespaces = new(StringComparer.Ordinal)
    {
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
        ["georss"] = "http://www.georss.org/georss",
        ["geo"] = "http://www.w3.org/2003/01/geo/wgs84_pos#",
        ["xhtml"] = "http://www.w3.org/1999/xhtml",
        ["googleplay"] = "http://www.google.com/schemas/play-podcasts/1.0",
    };

    [GeneratedRegex(@"^\s*<\?xml\b.*?\?>", RegexOptions.Singleline)]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"<!ENTITY\s+(?<pe>%\s+)?(?<name>[^\s%]+)\s+(?<ext>SYSTEM|PUBLIC)?", RegexOptions.IgnoreCase)]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex(@"<!ENTITY\s+(?<name>[^\s%]+)\s+(?:""[^""]*""|'[^']*')\s*>")]
    private static partial Regex InternalEntity();

    [GeneratedRegex(@"xmlns:(?<p>[A-Za-z_][\w.\-]*)\s*=")]
    private static partial Regex PrefixDeclaration();

    [GeneratedRegex(@"<(?<p>[A-Za-z_][\w.\-]*):[A-Za-z_]|\s(?<p>[A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*\s*=\s*[""']")]
    private static partial Regex PrefixUse();

    [GeneratedRegex(@"\G&(?:#(?<dec>[0-9]{1,8});|#[xX](?<hex>[0-9a-fA-F]{1,8});|(?<name>[A-Za-z_][A-Za-z0-9._\-]*);)")]
    private static partial Regex EntityReference();

    /// <summary>Parses repaired feed text into an element tree. Throws <see cref="NewsMinerInputException"/> with the reason.</summary>
    public static XElement Load(string source, string text, ICollection<string> warnings)
    {
        text = XmlDeclaration().Replace(text, "", 1);
        text = DropInvalidCharacters(text);
        var (withoutDoctype, declaredEntities, keepDoctype) = HandleDoctype(source, text);
        text = FixEntities(withoutDoctype, declaredEntities);
        text = DeclareMissingPrefixes(text);

        var settings = new XmlReaderSettings
        {
            DtdProcessing = keepDoctype ? DtdProcessing.Parse : DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxEntityCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XElement? root = null;
        var open = new Stack<XElement>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                        var empty = reader.IsEmptyElement;
                        while (reader.MoveToNextAttribute())
                        {
                            XName name = reader.Prefix == "xmlns" ? XNamespace.Xmlns + reader.LocalName
                                : reader.Name == "xmlns" ? "xmlns" : XName.Get(reader.LocalName, reader.NamespaceURI);
                            element.SetAttributeValue(name, reader.Value);
                        }
                        if (open.Count > 0) open.Peek().Add(element);
                        else if (root is null) root = element;
                        else throw new XmlException("a second root element");
                        if (!empty) open.Push(element);
                        break;
                    case XmlNodeType.EndElement:
                        open.Pop();
                        break;
                    case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (open.Count > 0) open.Peek().Add(new XText(reader.Value));
                        break;
                    case XmlNodeType.CDATA:
                        if (open.Count > 0) open.Peek().Add(new XCData(reader.Value));
                        break;
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal) || ex.Message.Contains("entit", StringComparison.OrdinalIgnoreCase) && keepDoctype)
        {
            throw new NewsMinerInputException(source, $"refused: its entities expand beyond {MaxEntityCharacters:N0} characters (an entity-expansion, 'billion laughs', document) or cannot be expanded safely ({ex.Message})", ex);
        }
        catch (XmlException ex) when (root is not null)
        {
            warnings.Add($"ill-formed XML, kept what was read before line {ex.LineNumber}: {ex.Message}");
        }
        catch (XmlException ex)
        {
            var reason = LooksLikeHtml(text) ? "not a feed: this is an HTML page" : $"not well-formed XML ({ex.Message})";
            throw new NewsMinerInputException(source, reason, ex);
        }
        return root ?? throw new NewsMinerInputException(source, "not a feed: the document has no root element");
    }

    internal static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 4096 ? text[..4096] : text;
        return Regex.IsMatch(head, @"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", RegexOptions.IgnoreCase | RegexOptions.Singleline);
    }

    private static readonly Encoding Windows1252 = CodePagesEncoding(1252);

    private static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    private static string DropInvalidCharacters(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (c is >= '\u0080' and <= '\u009F')
            {
                // C1 controls are windows-1252 characters read as latin-1 on the way ("don\u0092t" means "don’t").
                sb ??= new StringBuilder(text.Length).Append(text, 0, i);
                sb.Append(Windows1252.GetString([(byte)c]));
                continue;
            }
            if (ok) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>Removes a DOCTYPE, or keeps one whose internal subset declares only internal general entities.</summary>
    private static (string Text, HashSet<string> Entities, bool Keep) HandleDoctype(string source, string text)
    {
        var entities = new HashSet<string>(StringComparer.Ordinal);
        var start = IndexOutsideMarkup(text, "<!DOCTYPE");
        if (start < 0) return (text, entities, false);
        int i = start + 9, depth = 0;
        char quote = '\0';
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == '>' && depth <= 0) break;
        }
        var end = Math.Min(i + 1, text.Length);
        var doctype = text[start..end];
        var declarations = EntityDeclaration().Matches(doctype);
        if (declarations.Count == 0) return (text.Remove(start, end - start), entities, false);
        foreach (Match d in declarations)
        {
            // External entities are never resolved and parameter entities never expanded: their declarations are
            // dropped below, so a reference to one is left as text.
            if (!d.Groups["ext"].Success && !d.Groups["pe"].Success) entities.Add(d.Groups["name"].Value);
        }
        // Keep the internal subset only: an external DTD identifier must not be looked at.
        var subset = doctype.IndexOf('[');
        var rootName = Regex.Match(doctype, @"<!DOCTYPE\s+([^\s\[>]+)", RegexOptions.IgnoreCase).Groups[1].Value;
        if (subset < 0 || entities.Count == 0) return (text.Remove(start, end - start), entities, false);
        var internalOnly = string.Concat(InternalEntity().Matches(doctype).Select(m => m.Value));
        return (text[..start] + $"<!DOCTYPE {rootName} [{internalOnly}]>" + text[end..], entities, true);
    }

    /// <summary>Escapes bare ampersands and turns HTML named entities into character references, outside CDATA and comments.</summary>
    private static string FixEntities(string text, HashSet<string> declared)
    {
        if (!text.Contains('&')) return text;
        var sb = new StringBuilder(text.Length + 64);
        var i = 0;
        while (i < text.Length)
        {
            var skip = SkipMarkup(text, i);
            if (skip > i) { sb.Append(text, i, skip - i); i = skip; continue; }
            var c = text[i];
            if (c != '&') { sb.Append(c); i++; continue; }
            var m = EntityReference().Match(text, i);
            if (!m.Success) { sb.Append("&amp;"); i++; continue; }
            if (m.Groups["name"].Success)
            {
                var name = m.Groups["name"].Value;
                if (name is "amp" or "lt" or "gt" or "quot" or "apos" || declared.Contains(name)) sb.Append(m.Value);
                else
                {
                    var decoded = WebUtility.HtmlDecode(m.Value);
                    if (decoded != m.Value) foreach (var r in decoded.EnumerateRunes()) sb.Append("&#").Append(r.Value).Append(';');
                    else sb.Append("&amp;").Append(text, i + 1, m.Length - 1);
                }
            }
            else
            {
                var value = m.Groups["dec"].Success
                    ? long.Parse(m.Groups["dec"].Value, System.Globalization.CultureInfo.InvariantCulture)
                    : long.Parse(m.Groups["hex"].Value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                if (value is >= 0x80 and <= 0x9F)
                    value = Windows1252.GetString([(byte)value])[0]; // C1 references mean windows-1252 characters
                if (IsXmlChar(value)) sb.Append("&#").Append(value).Append(';');
            }
            i += m.Length;
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(long v) =>
        v is 0x9 or 0xA or 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);

    /// <summary>Declares on the root element every namespace prefix that is used but never declared.</summary>
    private static string DeclareMissingPrefixes(string text)
    {
        var masked = MaskMarkup(text);
        var declared = PrefixDeclaration().Matches(masked).Select(m => m.Groups["p"].Value).ToHashSet(StringComparer.Ordinal);
        var missing = PrefixUse().Matches(masked).Select(m => m.Groups["p"].Value)
            .Where(p => p is not ("xml" or "xmlns") && !declared.Contains(p)).Distinct().ToList();
        if (missing.Count == 0) return text;
        var root = Regex.Match(masked, @"<(?<name>[A-Za-z_][\w.:\-]*)");
        if (!root.Success) return text;
        var at = root.Groups["name"].Index + root.Groups["name"].Length;
        var decls = string.Concat(missing.Select(p => $" xmlns:{p}=\"{(KnownNamespaces.TryGetValue(p.ToLowerInvariant(), out var uri) ? uri : "urn:newsminer:undeclared:" + p)}\""));
        return text.Insert(at, decls);
    }

    /// <summary>The text with CDATA sections, comments and processing instructions blanked out (same length).</summary>
    private static string MaskMarkup(string text)
    {
        var chars = text.ToCharArray();
        var i = 0;
        while (i < text.Length)
        {
            var skip = SkipMarkup(text, i);
            if (skip > i) { Array.Fill(chars, ' ', i, skip - i); i = skip; }
            else i++;
        }
        return new string(chars);
    }

    /// <summary>If a CDATA section, comment or processing instruction starts at <paramref name="i"/>, the index after it.</summary>
    private static int SkipMarkup(string text, int i)
    {
        if (text[i] != '<' || i + 1 >= text.Length) return i;
        static int After(string t, int from, string end)
        {
            var e = t.IndexOf(end, from, StringComparison.Ordinal);
            return e < 0 ? t.Length : e + end.Length;
        }
        if (string.CompareOrdinal(text, i, "<![CDATA[", 0, 9) == 0) return After(text, i + 9, "]]>");
        if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0) return After(text, i + 4, "-->");
        if (text[i + 1] == '?') return After(text, i + 2, "?>");
        return i;
    }

    private static int IndexOutsideMarkup(string text, string what)
    {
        var i = 0;
        while (i < text.Length)
        {
            var skip = SkipMarkup(text, i);
            if (skip > i) { i = skip; continue; }
            if (text[i] == '<')
            {
                if (string.Compare(text, i, what, 0, what.Length, StringComparison.OrdinalIgnoreCase) == 0) return i;
                if (i + 1 < text.Length && text[i + 1] != '!') return -1; // the root element started: no DOCTYPE after it
            }
            i++;
        }
        return -1;
    }
}
