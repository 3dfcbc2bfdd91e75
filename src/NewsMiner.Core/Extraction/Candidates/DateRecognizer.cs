using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

internal enum DateKind { Absolute, DayMonth, MonthOnly, Relative, Weekday }

/// <summary>A date expression resolved against the publication date: <c>Iso</c> is <c>yyyy-MM-dd</c> or <c>yyyy-MM</c>.</summary>
/// <para><c>YearFromContext</c>: a date written without a year ("In January, ...") whose year was taken from the
/// nearest year written before it in the same paragraph ("both happened in 2018. In January, ..."), proposed beside the
/// same words resolved against the publication date; the date model weighs the two.</para>
/// <para><c>YearFromArticle</c>: the same words read with another year written in digits elsewhere in the article
/// ("the 2022 Ronin hack" ... "In March, ..."), for the date model to weigh against the victim's own sentences.</para>
internal sealed record DateMention(int Start, int End, string Iso, bool DayPrecision, DateKind Kind, string Text, bool YearFromContext = false, bool YearFromArticle = false)
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

    // "last year", "of the previous year", "this year": the year said in words.
    private const string YearWords = @"(?:,?\s+(?:of\s+)?(?<yw>last year|the previous year|the year before|this year|the same year|that year))?";

    [GeneratedRegex(@"\b(?<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+" + Month + @"(?:,?\s+(?<year>(?:19|20)\d{2}))?\b" + YearWords)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b" + Month + @"\s+(?<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:million|billion|bn|m\b|%|percent))(?:,?\s+(?<year>(?:19|20)\d{2}))?" + YearWords)]
    private static partial Regex MonthDay();

    // The preposition may open a sentence ("In January, ..."); a possessive month ("February's hack") needs none.
    [GeneratedRegex(@"\b(?:(?<prep>(?i:in|during|since|by|from|until|of|early|late|mid|mid-|end of|start of|beginning of|throughout|last))\s+)?" + Month + @"(?<poss>['’]s\b)?(?:,?\s+(?<year>(?:19|20)\d{2}))?\b" + YearWords)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b")]
    private static partial Regex WrittenYear();

    [GeneratedRegex(@"\b(?i:on|since|from|late on|early on|by|morning of|night of|evening of|hours of)\s+the\s+(?<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|floor|place|largest|biggest))")]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"\b(?<rel>last month|earlier this month|this month|late last month|early last month|last week|earlier this week|this week|late last week|yesterday|today|last weekend|over the weekend|this weekend)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?:(?<last>last)\s+)?(?<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b")]
    private static partial Regex Weekday();

    public static IReadOnlyList<DateMention> Find(string text, DateOnly? published)
    {
        var found = new List<DateMention>();
        var articleYears = WrittenYears(text);
        void Add(DateMention d)
        {
            if (found.Any(f => d.Start < f.End && f.Start < d.End && !((d.YearFromContext || d.YearFromArticle) && f.Start == d.Start && f.End == d.End && f.Iso != d.Iso))) return;
            if (published is { } p && d.Anchor > p.AddDays(3)) return; // a date after publication is a plan, not a theft
            found.Add(d);
        }

        foreach (Match m in IsoDate().Matches(text))
        {
            var date = SafeDate(int.Parse(m.Groups["y"].Value), int.Parse(m.Groups["m"].Value), int.Parse(m.Groups["d"].Value));
            if (date is { } d) Add(new DateMention(m.Index, m.Index + m.Length, Iso(d), true, DateKind.Absolute, m.Value));
        }
        foreach (Match m in DayMonth().Matches(text))
            AddDayMonth(m, text, published, articleYears, Add);
        foreach (Match m in MonthDay().Matches(text))
            AddDayMonth(m, text, published, articleYears, Add);
        foreach (Match m in MonthYear().Matches(text))
        {
            var monthText = m.Groups["month"].Value;
            var hasYear = m.Groups["year"].Success;
            var prep = m.Groups["prep"].Value.ToLowerInvariant();
            // "May" alone is usually the verb; need a year or a preposition for any bare month name.
            // "February's Bybit theft": a month owning an event is a date too.
            var possessive = m.Groups["poss"].Success;
            if (!hasYear && prep.Length == 0 && !possessive) continue;
            if (monthText == "May" && !hasYear && !possessive && prep is not ("in" or "since" or "early" or "late" or "mid" or "mid-" or "last" or "during" or "end of" or "beginning of")) continue;
            var month = MonthNumber(monthText);
            if (ResolveYear(m, text, published, articleYears, (p, y) => new DateOnly(y, month, 1) > p || prep == "last" && month >= p.Month) is not var (year, context, others)) continue;
            var start = m.Groups["month"].Index;
            var spanText = text[start..(m.Index + m.Length)];
            Add(new DateMention(start, m.Index + m.Length, $"{year:D4}-{month:D2}", false, DateKind.MonthOnly, spanText));
            if (context is { } cy)
                Add(new DateMention(start, m.Index + m.Length, $"{cy:D4}-{month:D2}", false, DateKind.MonthOnly, spanText, YearFromContext: true));
            foreach (var other in others)
                Add(new DateMention(start, m.Index + m.Length, $"{other:D4}-{month:D2}", false, DateKind.MonthOnly, spanText, YearFromArticle: true));
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
                // "on Wednesday 16 October", "Tuesday, May 8": the weekday names the date written after it.
                var named = found.FirstOrDefault(f => f.Start >= m.Index + m.Length && f.Start <= m.Index + m.Length + 3 && f.Kind is DateKind.Absolute or DateKind.DayMonth);
                if (named is not null)
                {
                    Add(new DateMention(m.Index, m.Index + m.Length, named.Iso, true, DateKind.Weekday, m.Value));
                    continue;
                }
                var wd = Enum.Parse<DayOfWeek>(m.Groups["wd"].Value);
                var back = ((int)pub.DayOfWeek - (int)wd + 7) % 7;
                if (m.Groups["last"].Success && back == 0) back = 7;
                Add(Day(m, pub.AddDays(-back), DateKind.Weekday));
            }
        }
        // In text order; of one span's readings, the publication date's first.
        return found.OrderBy(d => d.Start).ThenBy(d => d.YearFromArticle ? 2 : d.YearFromContext ? 1 : 0).ToList();
    }

    private static void AddDayMonth(Match m, string text, DateOnly? published, IReadOnlyList<int> articleYears, Action<DateMention> add)
    {
        var day = int.Parse(m.Groups["day"].Value);
        var month = MonthNumber(m.Groups["month"].Value);
        if (ResolveYear(m, text, published, articleYears, (p, y) => SafeDate(y, month, day) is { } candidate && candidate > p.AddDays(2)) is not var (year, context, others)) return;
        if (SafeDate(year, month, day) is { } d)
            add(new DateMention(m.Index, m.Index + m.Length, Iso(d), true, m.Groups["year"].Success ? DateKind.Absolute : DateKind.DayMonth, m.Value));
        if (context is { } cy && SafeDate(cy, month, day) is { } alt)
            add(new DateMention(m.Index, m.Index + m.Length, Iso(alt), true, DateKind.DayMonth, m.Value, YearFromContext: true));
        foreach (var other in others)
            if (SafeDate(other, month, day) is { } read)
                add(new DateMention(m.Index, m.Index + m.Length, Iso(read), true, DateKind.DayMonth, m.Value, YearFromArticle: true));
    }

    /// <summary>The distinct years written in digits anywhere in the text.</summary>
    private static IReadOnlyList<int> WrittenYears(string text) =>
        WrittenYear().Matches(text).Select(y => int.Parse(y.Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();

    /// <summary>
    /// The year of a date written with a month: the year written ("May 2024"), said in words ("last year"), or the
    /// paragraph's ("of the same year"); else the publication year, or the one before when <paramref name="afterPublication"/>
    /// says the date would fall after publication in it. Also the paragraph's earlier year as a second reading, when
    /// no year is written or said, and then the article's other earlier years (up to 15 back) as further readings. Null
    /// when there is nothing to resolve against.
    /// </summary>
    private static (int Year, int? ContextYear, IReadOnlyList<int> ArticleYears)? ResolveYear(Match m, string text, DateOnly? published,
        IReadOnlyList<int> articleYears, Func<DateOnly, int, bool> afterPublication)
    {
        if (m.Groups["year"].Success) return (int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), null, []);
        var words = m.Groups["yw"].Value.ToLowerInvariant();
        var context = ContextYear(text, m.Index);
        int year;
        if (published is { } p && YearOfWords(words, p) is { } said) year = said;
        else if (words is "the same year" or "that year" && context is { } same) year = same;
        else if (published is { } pub) year = afterPublication(pub, pub.Year) ? pub.Year - 1 : pub.Year;
        else return null;
        if (words.Length > 0) return (year, null, []);
        var contextYear = context < year ? context : null;
        return (year, contextYear, articleYears.Where(y => y < year && y >= year - 15 && y != contextYear).ToList());
    }

    /// <summary>"last year" and the like, against the publication date; null for none or a year that needs context.</summary>
    private static int? YearOfWords(string words, DateOnly published) => words switch
    {
        "last year" or "the previous year" or "the year before" => published.Year - 1,
        "this year" => published.Year,
        _ => null,
    };

    /// <summary>The last year written in digits before <paramref name="at"/> in the same paragraph, if any.</summary>
    private static int? ContextYear(string text, int at)
    {
        var paragraph = text.LastIndexOf("\n\n", Math.Max(0, at - 1), StringComparison.Ordinal);
        var from = paragraph < 0 ? 0 : paragraph;
        if (at - from > 1500) from = at - 1500;
        int? year = null;
        foreach (Match y in WrittenYear().Matches(text, from))
        {
            if (y.Index >= at) break;
            year = int.Parse(y.Value, CultureInfo.InvariantCulture);
        }
        return year;
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
