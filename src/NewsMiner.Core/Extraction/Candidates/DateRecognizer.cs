using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

internal enum DateKind { Absolute, DayMonth, MonthOnly, Relative, Weekday }

/// <summary>A date expression resolved against the publication date: <c>Iso</c> is <c>yyyy-MM-dd</c> or <c>yyyy-MM</c>.</summary>
internal sealed record DateMention(int Start, int End, string Iso, bool DayPrecision, DateKind Kind, string Text)
{
    public DateOnly Anchor => DayPrecision ? DateOnly.ParseExact(Iso, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                                           : DateOnly.ParseExact(Iso + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Finds dates as news writes them ("8 May", "May 8, 2025", "Feb. 21", "in March", "last month", "on Sunday",
/// "yesterday", "2025-05-08") and resolves each against the article's publication date.
/// </summary>
internal static partial class DateRecognizer
{
    private const string Month =
        @"(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d{2})-(?<m>0[1-9]|1[0-2])-(?<d>0[1-9]|[12]\d|3[01])\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+" + Month + @"(?:,?\s+(?<year>(?:19|20)\d{2}))?\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b" + Month + @"\s+(?<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:million|billion|bn|m\b|%|percent))(?:,?\s+(?<year>(?:19|20)\d{2}))?")]
    private static partial Regex MonthDay();

    // The preposition may open a sentence ("In January, ...").
    [GeneratedRegex(@"\b(?:(?<prep>(?i:in|during|since|by|from|until|of|early|late|mid|mid-|end of|start of|beginning of|throughout|last))\s+)?" + Month + @"(?:,?\s+(?<year>(?:19|20)\d{2}))?\b")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?i:on|since|from|late on|early on|by)\s+the\s+(?<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|floor|place|largest|biggest))")]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"\b(?<rel>last month|earlier this month|this month|late last month|early last month|last week|earlier this week|this week|late last week|yesterday|today|last weekend|over the weekend|this weekend)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?:(?<last>last)\s+)?(?<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b")]
    private static partial Regex Weekday();

    public static IReadOnlyList<DateMention> Find(string text, DateOnly? published)
    {
        var found = new List<DateMention>();
        void Add(DateMention d)
        {
            if (found.Any(f => d.Start < f.End && f.Start < d.End)) return;
            if (published is { } p && d.Anchor > p.AddDays(3)) return; // a date after publication is a plan, not a theft
            found.Add(d);
        }

        foreach (Match m in IsoDate().Matches(text))
        {
            var date = SafeDate(int.Parse(m.Groups["y"].Value), int.Parse(m.Groups["m"].Value), int.Parse(m.Groups["d"].Value));
            if (date is { } d) Add(new DateMention(m.Index, m.Index + m.Length, Iso(d), true, DateKind.Absolute, m.Value));
        }
        foreach (Match m in DayMonth().Matches(text))
            AddDayMonth(m, published, Add);
        foreach (Match m in MonthDay().Matches(text))
            AddDayMonth(m, published, Add);
        foreach (Match m in MonthYear().Matches(text))
        {
            var monthText = m.Groups["month"].Value;
            var hasYear = m.Groups["year"].Success;
            var prep = m.Groups["prep"].Value.ToLowerInvariant();
            // "May" alone is usually the verb; need a year or a preposition for any bare month name.
            if (!hasYear && prep.Length == 0) continue;
            if (monthText == "May" && !hasYear && prep is not ("in" or "since" or "early" or "late" or "mid" or "mid-" or "last" or "during" or "end of" or "beginning of")) continue;
            var month = MonthNumber(monthText);
            int year;
            if (hasYear) year = int.Parse(m.Groups["year"].Value);
            else if (published is { } p)
            {
                year = p.Year;
                if (new DateOnly(year, month, 1) > p || prep == "last" && month >= p.Month) year--;
            }
            else continue;
            var start = m.Groups["month"].Index;
            Add(new DateMention(start, m.Index + m.Length, $"{year:D4}-{month:D2}", false, DateKind.MonthOnly, text[start..(m.Index + m.Length)]));
        }
        if (published is { } pub)
        {
            foreach (Match m in Relative().Matches(text))
            {
                var rel = m.Groups["rel"].Value.ToLowerInvariant();
                DateMention? d = rel switch
                {
                    "yesterday" => Day(m, pub.AddDays(-1), DateKind.Relative),
                    "today" => Day(m, pub, DateKind.Relative),
                    "last month" or "late last month" or "early last month" => MonthOf(m, pub.AddMonths(-1)),
                    "this month" or "earlier this month" => MonthOf(m, pub),
                    "last week" or "late last week" or "last weekend" => MonthOf(m, pub.AddDays(-7)),
                    _ => MonthOf(m, pub),
                };
                if (d is not null) Add(d);
            }
            // "announced on the 31st": the latest such day on or before publication.
            foreach (Match m in DayOfMonth().Matches(text))
            {
                var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
                var month = new DateOnly(pub.Year, pub.Month, 1);
                if (day > pub.Day + 1) month = month.AddMonths(-1);
                if (SafeDate(month.Year, month.Month, day) is { } d)
                {
                    var at = m.Groups["day"].Index - "the ".Length;
                    Add(new DateMention(at, m.Index + m.Length, Iso(d), true, DateKind.DayMonth, text[at..(m.Index + m.Length)]));
                }
            }
            foreach (Match m in Weekday().Matches(text))
            {
                var wd = Enum.Parse<DayOfWeek>(m.Groups["wd"].Value);
                var back = ((int)pub.DayOfWeek - (int)wd + 7) % 7;
                if (m.Groups["last"].Success && back == 0) back = 7;
                Add(Day(m, pub.AddDays(-back), DateKind.Weekday));
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static void AddDayMonth(Match m, DateOnly? published, Action<DateMention> add)
    {
        var day = int.Parse(m.Groups["day"].Value);
        var month = MonthNumber(m.Groups["month"].Value);
        int year;
        if (m.Groups["year"].Success) year = int.Parse(m.Groups["year"].Value);
        else if (published is { } p)
        {
            year = p.Year;
            if (SafeDate(year, month, day) is { } candidate && candidate > p.AddDays(2)) year--;
        }
        else return;
        if (SafeDate(year, month, day) is { } d)
            add(new DateMention(m.Index, m.Index + m.Length, Iso(d), true, m.Groups["year"].Success ? DateKind.Absolute : DateKind.DayMonth, m.Value));
    }

    private static DateMention Day(Match m, DateOnly d, DateKind kind) => new(m.Index, m.Index + m.Length, Iso(d), true, kind, m.Value);
    private static DateMention MonthOf(Match m, DateOnly d) => new(m.Index, m.Index + m.Length, $"{d.Year:D4}-{d.Month:D2}", false, DateKind.Relative, m.Value);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? SafeDate(int y, int m, int d) =>
        y is >= 1990 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    internal static int MonthNumber(string s) => s.TrimEnd('.')[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "not a month name"),
    };
}
