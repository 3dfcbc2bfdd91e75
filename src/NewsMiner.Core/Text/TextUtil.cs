using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Text;

internal static partial class TextUtil
{
    [GeneratedRegex(@"[ \t\u00A0\u2000-\u200B\u202F\u205F\u3000]+")]
    private static partial Regex HorizontalSpace();

    /// <summary>Folds runs of horizontal white space (including no-break spaces) into one space and trims.</summary>
    public static string NormalizeSpace(string s)
    {
        if (string.IsNullOrEmpty(s)) return string.Empty;
        return HorizontalSpace().Replace(s.Replace('\r', ' ').Replace('\n', ' '), " ").Trim();
    }

    public static string Sha256Hex(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
