using System.Text;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Turns page bytes into text. Order of trust: byte-order mark, the HTTP charset, the page's own
/// <c>&lt;meta charset&gt;</c>, then a check that the bytes are valid UTF-8, then windows-1252.
/// </summary>
internal static partial class CharsetDecoder
{
    static CharsetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParam();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    public static string Decode(byte[] bytes, string? contentType, out Encoding encoding)
    {
        encoding = Detect(bytes, contentType, out var bomLength);
        return encoding.GetString(bytes, bomLength, bytes.Length - bomLength);
    }

    public static Encoding Detect(byte[] bytes, string? contentType, out int bomLength)
    {
        bomLength = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) { bomLength = 3; return new UTF8Encoding(false); }
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0) { bomLength = 4; return Encoding.UTF32; }
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF) { bomLength = 4; return new UTF32Encoding(true, true); }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) { bomLength = 2; return Encoding.Unicode; }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) { bomLength = 2; return Encoding.BigEndianUnicode; }

        if (contentType is not null)
        {
            var m = CharsetParam().Match(contentType);
            if (m.Success && TryGet(m.Groups[1].Value) is { } fromHeader) return fromHeader;
        }

        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var meta = MetaCharset().Match(head);
        if (meta.Success && TryGet(meta.Groups[1].Value) is { } fromMeta)
        {
            // A page that declares a legacy charset but is valid UTF-8 with non-ASCII bytes was re-encoded on the way.
            if (fromMeta.CodePage != 65001 && IsValidUtf8WithNonAscii(bytes)) return new UTF8Encoding(false);
            return fromMeta;
        }

        return IsValidUtf8(bytes) ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
    }

    private static Encoding? TryGet(string name)
    {
        name = name.Trim().ToLowerInvariant();
        // WHATWG: these labels are decoded as windows-1252 / GBK supersets by browsers.
        name = name switch
        {
            "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" => "windows-1252",
            "gb2312" or "x-gbk" => "gbk",
            "utf8" => "utf-8",
            "x-sjis" or "shift-jis" or "sjis" => "shift_jis",
            _ => name,
        };
        try
        {
            var enc = Encoding.GetEncoding(name);
            // A page cannot really be UTF-16 if the prescan could read its meta tag as ASCII.
            return enc is UnicodeEncoding ? new UTF8Encoding(false) : enc;
        }
        catch (ArgumentException) { return null; }
    }

    private static bool IsValidUtf8(byte[] bytes)
    {
        try { new UTF8Encoding(false, true).GetCharCount(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    private static bool IsValidUtf8WithNonAscii(byte[] bytes)
    {
        var any = false;
        foreach (var b in bytes) if (b >= 0x80) { any = true; break; }
        return any && IsValidUtf8(bytes);
    }
}
