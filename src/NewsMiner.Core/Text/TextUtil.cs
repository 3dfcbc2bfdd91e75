using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Text;

internal static partial class TextUtil
{
    /// <summary>Folds runs of white space (including no-break and other Unicode spaces) into one space and trims.</summary>
    public static string NormalizeSpace(string s)
    {
        if (string.IsNullOrEmpty(s)) return string.Empty;
        // One pass, no regex: this runs for every paragraph of every page.
        var buffer = s.Length <= 1024 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (IsSpace(c))
            {
                pendingSpace = n > 0;
                continue;
            }
            if (pendingSpace) { buffer[n++] = ' '; pendingSpace = false; }
            buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }

    private static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\u00A0' or '\u202F' or '\u205F' or '\u3000' or '\u200B' || (c >= '\u2000' && c <= '\u200A');

    public static string Sha256Hex(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
