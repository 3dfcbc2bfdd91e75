using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace NewsMiner.Core.Feeds;

/// <summary>Feed text and how it was decoded.</summary>
/// <param name="Text">The decoded text, byte-order mark removed.</param>
/// <param name="Encoding">Canonical name of the encoding used (<c>utf-8</c>, <c>utf-16le</c>, <c>iso-8859-1</c>, ...).</param>
/// <param name="Fallback">Why the declared or default encoding was not used, or null when it was.</param>
public sealed record DecodedFeed(string Text, string Encoding, string? Fallback);

/// <summary>
/// Decides a feed's encoding from its bytes and the HTTP <c>Content-Type</c>, never from a string a library guessed.
/// Order: byte-order mark; the HTTP charset; for <c>text/*</c> types without a charset the RFC 3023 default
/// us-ascii (when the bytes are ASCII); the UTF-16/32 byte pattern of <c>&lt;?</c> (XML 1.0 appendix F); the
/// encoding named in the XML declaration; UTF-8 when the bytes are valid UTF-8; windows-1252 otherwise.
/// </summary>
public static partial class FeedDecoder
{
    static FeedDecoder() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@";\s*charset\s*=\s*[""']?\s*([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParam();

    [GeneratedRegex(@"^\s*<\?xml[^>]*?encoding\s*=\s*[""']\s*([A-Za-z0-9_.:\-]*)\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlDeclarationEncoding();

    public static DecodedFeed Decode(byte[] bytes, string? contentType = null)
    {
        var (family, bomLength) = Sniff(bytes);
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var httpCharset = contentType is null ? null : CharsetParam().Match(contentType) is { Success: true } m ? m.Groups[1].Value : null;

        if (bomLength > 0) return Finish(bytes, bomLength, family!, null);

        string? fallback = null;
        if (httpCharset is not null)
        {
            if (Lookup(httpCharset) is { } fromHttp && Compatible(fromHttp, family)) return Finish(bytes, 0, fromHttp, null);
            fallback = $"the HTTP charset '{httpCharset}' is unknown or contradicts the bytes";
        }

        if (fallback is null && mediaType is not null && mediaType.StartsWith("text/", StringComparison.Ordinal) && family is null && IsAscii(bytes))
            return Finish(bytes, 0, "us-ascii", null); // RFC 3023: text/* without a charset is us-ascii.

        var declared = DeclaredEncoding(bytes, family);
        if (family is not null)
        {
            // UTF-16/32 without a BOM: the byte pattern decides; a declaration may only refine the byte order.
            var name = declared is not null && Lookup(declared) is { } d && d.StartsWith(family[..6], StringComparison.Ordinal) && d.Length > 6 ? d : family;
            return Finish(bytes, 0, name, fallback);
        }
        if (declared is not null)
        {
            var name = Lookup(declared);
            if (name is null || name.StartsWith("utf-16", StringComparison.Ordinal) || name.StartsWith("utf-32", StringComparison.Ordinal))
                fallback ??= $"the declared encoding '{declared}' is unknown or contradicts the bytes";
            else if (name == "utf-8" && !IsValidUtf8(bytes))
                return Finish(bytes, 0, "windows-1252", fallback ?? "declared UTF-8 but the bytes are not valid UTF-8; read as windows-1252");
            else if (name == "us-ascii" && !IsAscii(bytes))
                return Finish(bytes, 0, IsValidUtf8(bytes) ? "utf-8" : "windows-1252", fallback ?? "declared us-ascii but the bytes are not ASCII");
            else return Finish(bytes, 0, name, fallback);
        }
        if (IsValidUtf8(bytes)) return Finish(bytes, 0, "utf-8", fallback);
        return Finish(bytes, 0, "windows-1252", fallback ?? "no encoding declared and the bytes are not valid UTF-8; read as windows-1252");
    }

    /// <summary>Canonical name for a charset label, or null when the label names no encoding this platform has.</summary>
    public static string? Lookup(string label)
    {
        var l = label.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (l)
        {
            case "": return null;
            case "utf8" or "utf-8" or "unicode-1-1-utf-8": return "utf-8";
            case "ascii" or "us-ascii" or "ansi_x3.4-1968" or "iso646-us": return "us-ascii";
            case "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "l1": return "iso-8859-1";
            case "gb2312" or "gbk" or "x-gbk" or "gb18030" or "cp936": return "gb18030";
            case "utf-16" or "utf16" or "ucs-2": return "utf-16";
            case "utf-32" or "utf32" or "ucs-4": return "utf-32";
            case "utf-16le" or "utf-16be" or "utf-32le" or "utf-32be": return l;
            case "sjis" or "shift-jis" or "x-sjis" or "shift_jis": return "shift_jis";
        }
        try { return System.Text.Encoding.GetEncoding(l).WebName.ToLowerInvariant(); }
        catch (ArgumentException) { return null; }
    }

    private static DecodedFeed Finish(byte[] bytes, int bomLength, string name, string? fallback)
    {
        var encoding = ForDecoding(name);
        var text = encoding.GetString(bytes, bomLength, bytes.Length - bomLength);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return new DecodedFeed(text, name, fallback);
    }

    private static Encoding ForDecoding(string name) => name switch
    {
        // us-ascii and iso-8859-1 are read as windows-1252, their superset, as browsers do: C1 bytes become the
        // typographic characters the publisher meant instead of control characters.
        "us-ascii" or "iso-8859-1" or "windows-1252" => System.Text.Encoding.GetEncoding(1252),
        "utf-8" => new UTF8Encoding(false, false),
        "utf-16" or "utf-16le" => new UnicodeEncoding(false, false),
        "utf-16be" => new UnicodeEncoding(true, false),
        "utf-32" or "utf-32le" => new UTF32Encoding(false, false),
        "utf-32be" => new UTF32Encoding(true, false),
        "gb18030" => System.Text.Encoding.GetEncoding(54936),
        _ => TryGetEncoding(name) ?? new UTF8Encoding(false, false),
    };

    private static Encoding? TryGetEncoding(string name)
    {
        try { return System.Text.Encoding.GetEncoding(name); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The encoding family the first bytes prove (BOM or the XML appendix F patterns), and the BOM length.</summary>
    private static (string? Family, int BomLength) Sniff(byte[] b)
    {
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return ("utf-32le", 4);
        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) return ("utf-32be", 4);
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return ("utf-8", 3);
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return ("utf-16le", 2);
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return ("utf-16be", 2);
        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) return ("utf-32be", 0);
        if (b.Length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) return ("utf-32le", 0);
        if (b.Length >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0) return ("utf-16be", 0);
        if (b.Length >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0) return ("utf-16le", 0);
        return (null, 0);
    }

    private static bool Compatible(string name, string? family) =>
        family is null
            ? !name.StartsWith("utf-16", StringComparison.Ordinal) && !name.StartsWith("utf-32", StringComparison.Ordinal)
            : name.StartsWith(family[..6], StringComparison.Ordinal);

    private static string? DeclaredEncoding(byte[] bytes, string? family)
    {
        var n = Math.Min(bytes.Length, 1024);
        var head = family is null ? System.Text.Encoding.Latin1.GetString(bytes, 0, n) : ForDecoding(family).GetString(bytes, 0, n - n % 4);
        var m = XmlDeclarationEncoding().Match(head.TrimStart('\uFEFF'));
        return m.Success ? m.Groups[1].Value : null;
    }

    private static bool IsAscii(byte[] bytes)
    {
        foreach (var b in bytes) if (b >= 0x80) return false;
        return true;
    }

    private static bool IsValidUtf8(byte[] bytes) => Utf8.IsValid(bytes);
}
