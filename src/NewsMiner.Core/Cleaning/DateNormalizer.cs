using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Cleaning;

/// <summary>A date read from a page: the instant, and whether the page said its UTC offset.</summary>
internal readonly record struct PageDate(DateTimeOffset Value, bool HasOffset, bool HasTime);

/// <summary>
/// Turns the date strings publishers write (ISO 8601 and its near misses, RFC 1123, Unix epochs, "June 3, 2025",
/// "3 June 2025 11:42", "03.06.2025") into <see cref="DateTimeOffset"/>. A value without an offset is taken as UTC
/// and flagged, so a caller can borrow the offset from another source on the page. Ambiguous day/month orders
/// ("05/08/2014"), impossible dates and dates outside 1990..now+2 days are refused: no value beats a wrong one.
/// </summary>
internal static partial class DateNormalizer
{
    /// <summary>The latest date accepted: pages do not publish in the future (allowing for clock and zone skew).</summary>
    private static DateTimeOffset Latest => DateTimeOffset.UtcNow.AddDays(2);

    public static DateTimeOffset? Parse(string? s) => TryParse(s, out var d) ? d.Value : null;

    public static bool TryParse(string? raw, out PageDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(raw)) return false;
        var s = Text.TextUtil.NormalizeSpace(raw.Contains('&') ? System.Net.WebUtility.HtmlDecode(raw) : raw);
        if (s.Length is 0 or > 120) return false;
        if (Iso(s, out date) || Epoch(s, out date) || Numeric(s, out date) || Textual(s, true, out date) || Rfc(s, out date))
            return Plausible(date.Value);
        return false;
    }

    /// <summary>
    /// Finds the first written date in a short visible text ("By Jane Doe | April 5, 2018 | 6:00 PM",
    /// "Published 3 June 2025"). Only month-name dates and ISO dates count: bare numbers in prose are too ambiguous.
    /// </summary>
    public static bool TryFindInText(string? text, out PageDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = Text.TextUtil.NormalizeSpace(text);
        if (s.Length > 200) return false;
        for (var i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsLetterOrDigit(s[i - 1])) continue;
            if (!char.IsLetterOrDigit(s[i])) continue;
            var rest = s[i..];
            if (Textual(rest, false, out date) && Plausible(date.Value)) return true;
            var iso = IsoPrefix().Match(rest);
            if (iso.Success && Iso(iso.Value, out date) && Plausible(date.Value)) return true;
        }
        date = default;
        return false;
    }

    private static bool Plausible(DateTimeOffset d) => d.Year >= 1990 && d <= Latest;

    // 2024-01-02, 2024-01-02T08:00, 2024-01-02 08:00:00.123456 -04:00, 2021-11-01T10:52:50+0100, 2024-01-02T08:00:00Z
    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoPattern();

    private static bool Iso(string s, out PageDate date)
    {
        date = default;
        var m = IsoPattern().Match(s);
        if (!m.Success) return false;
        var hasTime = m.Groups[4].Success;
        var fraction = m.Groups[7].Success ? double.Parse("0." + m.Groups[7].Value, CultureInfo.InvariantCulture) : 0;
        if (!TryOffset(m.Groups[8].Success ? m.Groups[8].Value : null, out var offset, out var hasOffset)) return false;
        return Build(Int(m, 1), Int(m, 2), Int(m, 3), hasTime ? Int(m, 4) : 0, hasTime ? Int(m, 5) : 0,
            m.Groups[6].Success ? Int(m, 6) : 0, fraction, offset, hasOffset, hasTime, out date);
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static bool TryOffset(string? z, out TimeSpan offset, out bool hasOffset)
    {
        offset = TimeSpan.Zero;
        hasOffset = z is not null;
        if (z is null || z.Equals("Z", StringComparison.OrdinalIgnoreCase) || z.Equals("UTC", StringComparison.OrdinalIgnoreCase) ||
            z.Equals("GMT", StringComparison.OrdinalIgnoreCase))
            return true;
        var sign = z[0] == '-' ? -1 : 1;
        var digits = z[1..].Replace(":", "");
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59) return false;
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool Build(int year, int month, int day, int hour, int minute, int second, double fraction, TimeSpan offset,
        bool hasOffset, bool hasTime, out PageDate date)
    {
        date = default;
        if (month is < 1 or > 12 || day < 1 || year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month)) return false;
        if (hour == 24 && minute == 0 && second == 0) hour = 0; // "24:00" is the end of the day; rare, keep the day
        if (hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59;
        var dt = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond));
        date = new PageDate(new DateTimeOffset(dt, offset), hasOffset, hasTime);
        return true;
    }

    // Unix time in seconds (10 digits) or milliseconds (13 digits).
    private static bool Epoch(string s, out PageDate date)
    {
        date = default;
        if (s.Length is not (10 or 13) || !s.All(char.IsAsciiDigit)) return false;
        var n = long.Parse(s, CultureInfo.InvariantCulture);
        date = new PageDate(s.Length == 10 ? DateTimeOffset.FromUnixTimeSeconds(n) : DateTimeOffset.FromUnixTimeMilliseconds(n), true, true);
        return true;
    }

    // 2015/05/12, 12.06.2025, 21/12/2018 14:05, 05/08/2014 (refused: day and month cannot be told apart)
    [GeneratedRegex(@"^(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?:,?\s+(?:at\s+|à\s+|um\s+|às\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex NumericPattern();

    private static bool Numeric(string s, out PageDate date)
    {
        date = default;
        var m = NumericPattern().Match(s);
        if (!m.Success) return false;
        var a = m.Groups[1].Value;
        var sep = m.Groups[2].Value;
        var b = Int(m, 3);
        var c = m.Groups[4].Value;
        int year, month, day;
        if (a.Length == 4) { year = int.Parse(a, CultureInfo.InvariantCulture); month = b; day = int.Parse(c, CultureInfo.InvariantCulture); }
        else if (c.Length == 4)
        {
            year = int.Parse(c, CultureInfo.InvariantCulture);
            var first = int.Parse(a, CultureInfo.InvariantCulture);
            if (sep == ".") { day = first; month = b; } // dotted dates are day-first wherever they are used
            else if (first > 12 && b <= 12) { day = first; month = b; }
            else if (b > 12 && first <= 12) { day = b; month = first; }
            else return false; // 05/08/2014: May 8 or 5 August? Refuse.
        }
        else return false;
        var hasTime = m.Groups[5].Success;
        var hour = hasTime ? Int(m, 5) : 0;
        if (!Meridiem(m.Groups[8].Success ? m.Groups[8].Value : null, ref hour)) return false;
        if (!TryOffset(m.Groups[9].Success ? m.Groups[9].Value : null, out var offset, out var hasOffset)) return false;
        return Build(year, month, day, hour, hasTime ? Int(m, 6) : 0, m.Groups[7].Success ? Int(m, 7) : 0, 0, offset, hasOffset, hasTime, out date);
    }

    private static bool Meridiem(string? ampm, ref int hour)
    {
        if (ampm is null) return true;
        if (hour is < 1 or > 12) return false;
        var pm = ampm.StartsWith('p') || ampm.StartsWith('P');
        hour = pm ? (hour % 12) + 12 : hour % 12;
        return true;
    }

    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[][] names =
        [
            ["january", "jan", "januar", "janvier", "enero", "gennaio", "janeiro", "januari", "jänner", "ene", "gen", "janv"],
            ["february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari", "fév", "fev", "févr"],
            ["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mär"],
            ["april", "apr", "avril", "abril", "aprile", "avr", "abr"],
            ["may", "mai", "mayo", "maggio", "maio", "mei", "mag"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "junho", "giu"],
            ["july", "jul", "juli", "juillet", "julio", "luglio", "julho", "juil", "lug"],
            ["august", "aug", "août", "aout", "agosto", "augustus", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "set"],
            ["october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt", "ott", "out"],
            ["november", "nov", "novembre", "noviembre", "novembro"],
            ["december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro", "dez", "déc", "dic"],
        ];
        for (var i = 0; i < names.Length; i++)
            foreach (var n in names[i]) d.TryAdd(n, i + 1);
        return d;
    }

    internal static bool IsMonthName(string word) => Months.ContainsKey(word.TrimEnd('.'));

    private const string Weekday = @"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?";
    private const string Time = @"(?:,?\s+(?:at\s+|um\s+|à\s+|às\s+|a\s+las\s+|alle\s+|-\s+|\|\s+)?(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?";

    // June 3, 2025 [11:42 AM]; Jun. 3rd 2025
    [GeneratedRegex("^" + Weekday + @"([\p{L}]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + Time + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthFirst();

    // 3 June 2025 [11:42]; 3. Juni 2025; 21 de dezembro de 2018; 21.dez.2018 às 10h55
    [GeneratedRegex("^" + Weekday + @"(\d{1,2})(?:st|nd|rd|th)?\.?(?:\s+de)?[\s.]*([\p{L}]{3,10})\.?(?:\s+de)?[\s.,]*(\d{4})" + Time + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayFirst();

    private static bool Textual(string s, bool whole, out PageDate date)
    {
        date = default;
        var m = MonthFirst().Match(s);
        int day, month;
        if (m.Success && Months.TryGetValue(m.Groups[1].Value, out month)) day = Int(m, 2);
        else
        {
            m = DayFirst().Match(s);
            if (!m.Success || !Months.TryGetValue(m.Groups[2].Value, out month)) return false;
            day = Int(m, 1);
        }
        // The rest of the string must be nothing but a time zone name or punctuation: "June 3, 2025 PST" keeps its date,
        // but "June 3, 2025 — a story about something" is a sentence, not a date.
        if (whole && s[m.Length..].Trim().Length > 12) return false;
        var year = Int(m, 3);
        var hasTime = m.Groups[4].Success;
        var hour = hasTime ? Int(m, 4) : 0;
        if (!Meridiem(m.Groups[7].Success ? m.Groups[7].Value : null, ref hour)) return false;
        if (!TryOffset(m.Groups[8].Success ? m.Groups[8].Value : null, out var offset, out var hasOffset)) return false;
        return Build(year, month, day, hour, hasTime ? Int(m, 5) : 0, m.Groups[6].Success ? Int(m, 6) : 0, 0, offset, hasOffset, hasTime, out date);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2})(?![\d:]))?)?")]
    private static partial Regex IsoPrefix();

    [GeneratedRegex(@"^\w{3},?\s+\d{1,2}\s+\w{3}\s+\d{4}\s+\d{1,2}:\d{2}")]
    private static partial Regex RfcShape();

    [GeneratedRegex(@"\s(GMT|UTC|UT|Z)$")]
    private static partial Regex RfcZoneName();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex RfcOffsetColon();

    private static bool Rfc(string s, out PageDate date)
    {
        date = default;
        // RFC 1123 / RFC 822 as in HTTP headers and feeds: "Tue, 03 Jun 2025 11:42:00 +1000" or "... GMT".
        if (!RfcShape().IsMatch(s)) return false;
        var t = RfcZoneName().Replace(s, " +0000");
        string[] formats = ["ddd, d MMM yyyy H:mm:ss zzz", "ddd, d MMM yyyy H:mm zzz", "ddd d MMM yyyy H:mm:ss zzz"];
        t = RfcOffsetColon().Replace(t, "$1:$2");
        if (!DateTimeOffset.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d)) return false;
        date = new PageDate(d, true, true);
        return true;
    }

    [GeneratedRegex(@"(?:^|[/_-])((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_-]|$|\.html?)")]
    private static partial Regex UrlDatePattern();

    /// <summary>The publication day a URL path carries (/2016/12/22/slug, /20161222-slug), or null.</summary>
    public static DateOnly? FromUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var m = UrlDatePattern().Match(uri.AbsolutePath);
        if (!m.Success) return null;
        var y = Int(m, 1);
        var mo = Int(m, 2);
        var d = Int(m, 3);
        if (d > DateTime.DaysInMonth(y, mo)) return null;
        var day = new DateOnly(y, mo, d);
        return day.ToDateTime(TimeOnly.MinValue) <= Latest.UtcDateTime ? day : null;
    }
}
