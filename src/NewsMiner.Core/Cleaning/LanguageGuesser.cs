namespace NewsMiner.Core.Cleaning;

/// <summary>Guesses a text's language from its script and its most common function words, for pages that do not say.</summary>
internal static class LanguageGuesser
{
    private static readonly (string Lang, string[] Words)[] StopWords =
    [
        ("en", ["the", "and", "of", "to", "in", "is", "that", "for", "was", "with"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "auf"]),
        ("fr", ["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que"]),
        ("es", ["el", "la", "los", "las", "y", "que", "del", "una", "por", "con"]),
        ("it", ["il", "di", "che", "e", "la", "per", "una", "sono", "con", "gli"]),
        ("pt", ["o", "de", "que", "e", "do", "da", "em", "um", "uma", "não"]),
        ("nl", ["de", "het", "een", "en", "van", "dat", "niet", "zijn", "voor", "met"]),
    ];

    public static string? Guess(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sample = text.Length > 4000 ? text[..4000] : text;
        int cjk = 0, kana = 0, hangul = 0, cyr = 0, arabic = 0, letters = 0;
        foreach (var c in sample)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c is >= '\u3040' and <= '\u30FF') kana++;
            else if (c is >= '\u4E00' and <= '\u9FFF') cjk++;
            else if (c is >= '\uAC00' and <= '\uD7AF') hangul++;
            else if (c is >= '\u0400' and <= '\u04FF') cyr++;
            else if (c is >= '\u0600' and <= '\u06FF') arabic++;
        }
        if (letters == 0) return null;
        if (kana > letters / 20) return "ja";
        if (hangul > letters / 5) return "ko";
        if (cjk > letters / 5) return "zh";
        if (cyr > letters / 3) return "ru";
        if (arabic > letters / 3) return "ar";

        var words = sample.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 5) return null;
        string? best = null;
        var bestCount = 0;
        foreach (var (lang, list) in StopWords)
        {
            var set = new HashSet<string>(list);
            var count = words.Count(set.Contains);
            if (count > bestCount) { bestCount = count; best = lang; }
        }
        return bestCount * 25 >= words.Length ? best : null;
    }
}
