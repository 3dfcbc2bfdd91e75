using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Feeds;

/// <summary>
/// Parses the date forms feeds use into UTC: RFC 822/1123 with numeric or named zones (<c>EST</c>, <c>PDT</c>,
/// <c>MEST</c>, <c>Etc/GMT</c>, <c>GMT-01:01</c>), W3C-DTF and ISO 8601 (partial dates, two-digit years, basic
/// format, fractions), asctime, Unix timestamps, slashed dates, and month and weekday names in other languages
/// (Greek, Hungarian, Portuguese, German, French, Spanish, Italian, Dutch); Korean forms assume Korea time.
/// A string that is not a valid date gives null, never a guess: a date without a zone is taken as UTC.
/// </summary>
public static partial class FeedDates
{
    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<m>\d{1,3})(?:-(?<d>\d{1,2}))?)?(?:(?:T|\s+)(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,]\d+)?)?\s*(?<z>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex W3cDtf();

    [GeneratedRegex(@"^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})(?:T(?<H>\d{2})(?<M>\d{2})(?<S>\d{2})?(?:[.,]\d+)?)?(?<z>Z|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoBasic();

    [GeneratedRegex(@"^(?<y>\d{2})-?(?<m>\d{2})-?(?<d>\d{2})$")]
    private static partial Regex IsoTwoDigitYear();

    [GeneratedRegex(@"^-(?<y>\d{2})-?(?<m>\d{2})$")]
    private static partial Regex IsoYearMonthTruncated();

    [GeneratedRegex(@"(?<y>\d{4})\s*년\s*(?<m>\d{1,2})\s*월\s*(?<d>\d{1,2})\s*일(?:\s+(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?)?")]
    private static partial Regex KoreanYmd();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\s+(?<ampm>오전|오후)\s+(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?$")]
    private static partial Regex KoreanAmPm();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<name>\p{L}+)-(?<rest>.*)$")]
    private static partial Regex IsoWithMonthName();

    [GeneratedRegex(@"^\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d+)?$")]
    private static partial Regex TimeToken();

    [GeneratedRegex(@"^(?:(?:GMT|UTC|UT)(?=[+-]))?(?<sign>[+-])(?<h>\d{1,2}):?(?<m>\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneToken();

    [GeneratedRegex(@"^(?<a>\d{1,4})[/.-](?<b>\d{1,2})[/.-](?<c>\d{1,4})$")]
    private static partial Regex SlashedDate();

    private static readonly Dictionary<string, int> Months = BuildMonths();
    private static readonly HashSet<string> Weekdays = new(StringComparer.Ordinal)
    {
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "tues", "thur", "thurs", "seg", "ter", "qua", "qui", "sex", "sáb", "sab", "dom", "mo", "di", "mi", "do", "fr", "sa", "so",
        "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "mié", "jue", "vie", "gio", "κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ",
    };

    /// <summary>Named time zones feeds write, in minutes east of UTC. US single-letter forms (ET, PT) are standard time.</summary>
    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Z"] = 0, ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["ETC/GMT"] = 0, ["ETC/UTC"] = 0, ["WET"] = 0, ["BST"] = 60, ["IST"] = 330,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360, ["PST"] = -480, ["PDT"] = -420,
        ["AST"] = -240, ["ADT"] = -180, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600, ["NST"] = -210, ["NDT"] = -150,
        ["AT"] = -240, ["ET"] = -300, ["CT"] = -360, ["MT"] = -420, ["PT"] = -480,
        ["CET"] = 60, ["CEST"] = 120, ["MET"] = 60, ["MEST"] = 120, ["MEZ"] = 60, ["MESZ"] = 120, ["WEST"] = 60, ["EET"] = 120, ["EEST"] = 180,
        ["MSK"] = 180, ["JST"] = 540, ["KST"] = 540, ["HKT"] = 480, ["SGT"] = 480, ["AWST"] = 480, ["ACST"] = 570, ["ACDT"] = 630,
        ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
    };

    private static readonly TimeSpan KoreaTime = TimeSpan.FromHours(9);

    /// <summary>The instant in UTC (whole seconds), or null when <paramref name="text"/> is not a date.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = Regex.Replace(text.Normalize(NormalizationForm.FormC), @"\s+", " ").Trim();
        return ParseUnix(s) ?? ParseKorean(s) ?? ParseIso(s) ?? ParseTokens(s);
    }

    private static DateTimeOffset? ParseUnix(string s)
    {
        if (s.Length is < 9 or > 13 || !s.All(char.IsAsciiDigit)) return null;
        var n = long.Parse(s, CultureInfo.InvariantCulture);
        return s.Length == 13 ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
    }

    private static DateTimeOffset? ParseKorean(string s)
    {
        if (KoreanYmd().Match(s) is { Success: true } k)
            return Build(Int(k, "y"), Int(k, "m"), Int(k, "d"), Int(k, "H"), Int(k, "M"), Int(k, "S"), KoreaTime);
        if (KoreanAmPm().Match(s) is { Success: true } a)
        {
            var hour = Int(a, "H");
            if (hour > 12) return null;
            hour = a.Groups["ampm"].Value == "오후" ? hour % 12 + 12 : hour % 12;
            return Build(Int(a, "y"), Int(a, "m"), Int(a, "d"), hour, Int(a, "M"), Int(a, "S"), KoreaTime);
        }
        return null;
    }

    private static DateTimeOffset? ParseIso(string s)
    {
        // A month name inside an ISO date (Hungarian feeds: 2004-július-13T9:15-05:00).
        if (IsoWithMonthName().Match(s) is { Success: true } named)
        {
            if (!TryMonth(named.Groups["name"].Value, out var month)) return null;
            s = $"{named.Groups["y"].Value}-{month:00}-{named.Groups["rest"].Value}";
        }
        var m = W3cDtf().Match(s);
        if (!m.Success) m = IsoBasic().Match(s);
        if (m.Success)
        {
            TimeSpan? zone = TimeSpan.Zero;
            if (m.Groups["z"].Success) zone = ZoneOffset(m.Groups["z"].Value);
            if (zone is null) return null;
            return Build(Int(m, "y"), m.Groups["m"].Success ? Int(m, "m") : 1, m.Groups["d"].Success ? Int(m, "d") : 1, Int(m, "H"), Int(m, "M"), Int(m, "S"), zone.Value);
        }
        if (IsoTwoDigitYear().Match(s) is { Success: true } t)
            return Build(TwoDigitYear(Int(t, "y")), Int(t, "m"), Int(t, "d"), 0, 0, 0, TimeSpan.Zero);
        if (IsoYearMonthTruncated().Match(s) is { Success: true } ym)
            return Build(TwoDigitYear(Int(ym, "y")), Int(ym, "m"), 1, 0, 0, 0, TimeSpan.Zero);
        return null;
    }

    /// <summary>RFC 822 and its relatives: the parts may come in any usual order; any unknown word rejects the string.</summary>
    private static DateTimeOffset? ParseTokens(string s)
    {
        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        TimeSpan? zone = null;
        var pm = (bool?)null;
        var tokens = s.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i].TrimEnd('.');
            if (t.Length == 0) continue;
            if (TimeToken().IsMatch(t))
            {
                if (hour is not null) return null;
                var parts = t.Split(':');
                hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
                minute = int.Parse(parts[1], CultureInfo.InvariantCulture);
                second = parts.Length > 2 ? (int)double.Parse(parts[2].Replace(',', '.'), CultureInfo.InvariantCulture) : 0;
                continue;
            }
            if (SlashedDate().Match(t) is { Success: true } sd)
            {
                if (year is not null || month is not null) return null;
                var (a, b, c) = (sd.Groups["a"].Value, int.Parse(sd.Groups["b"].Value, CultureInfo.InvariantCulture), sd.Groups["c"].Value);
                if (a.Length == 4) { year = int.Parse(a, CultureInfo.InvariantCulture); month = b; day = int.Parse(c, CultureInfo.InvariantCulture); }
                else if (c.Length == 4) { day = int.Parse(a, CultureInfo.InvariantCulture); month = b; year = int.Parse(c, CultureInfo.InvariantCulture); }
                else return null;
                continue;
            }
            if (t.All(char.IsAsciiDigit))
            {
                if (t.Length > 4) return null;
                var n = int.Parse(t, CultureInfo.InvariantCulture);
                if (t.Length == 4 && year is not null && hour is null && n % 100 < 60 && n / 100 < 24) { hour = n / 100; minute = n % 100; second = 0; }
                else if (t.Length == 4) { if (year is not null) return null; year = n; }
                else if (t.Length <= 2 && day is null) day = n;
                else if (t.Length <= 2 && year is null) year = TwoDigitYear(n);
                else return null;
                continue;
            }
            if (ZoneToken().Match(t) is { Success: true } && (t[0] is '+' or '-' || char.IsLetter(t[0])))
            {
                if (zone is not null) return null;
                zone = ZoneOffset(t);
                if (zone is null) return null;
                continue;
            }
            if (Zones.TryGetValue(t, out var minutes))
            {
                if (zone is not null) return null;
                zone = TimeSpan.FromMinutes(minutes);
                continue;
            }
            var lower = t.ToLowerInvariant();
            if (lower is "am" or "a.m" or "pm" or "p.m") { pm = lower.StartsWith('p'); continue; }
            if (month is null && TryMonth(t, out var mo)) { month = mo; continue; }
            if (Weekdays.Contains(lower) || (i == 0 && tokens.Length > 3 && s.IndexOf(',') > 0 && s.IndexOf(',') <= t.Length + 1)) continue;
            return null;
        }
        if (year is null || month is null || day is null) return null;
        var h = hour ?? 0;
        if (pm is { } isPm) { if (h is < 1 or > 12) return null; h = isPm ? h % 12 + 12 : h % 12; }
        return Build(year.Value, month.Value, day.Value, h, minute ?? 0, second ?? 0, zone ?? TimeSpan.Zero);
    }

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, TimeSpan zone)
    {
        if (second == 60) second = 59;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute > 0 || second > 0))) return null;
        if (zone.Duration() > TimeSpan.FromHours(14)) return null;
        try
        {
            var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddHours(hour).AddMinutes(minute).AddSeconds(second);
            return new DateTimeOffset(local - zone, TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    private static TimeSpan? ZoneOffset(string z)
    {
        if (Zones.TryGetValue(z, out var named)) return TimeSpan.FromMinutes(named);
        var m = ZoneToken().Match(z);
        if (!m.Success) return null;
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var mm = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups["h"].Value.Length == 1 && !m.Groups["m"].Success) return null;
        if (h > 14 || mm > 59) return null;
        var offset = new TimeSpan(h, mm, 0);
        return m.Groups["sign"].Value == "-" ? -offset : offset;
    }

    private static int TwoDigitYear(int yy) => yy < 70 ? 2000 + yy : 1900 + yy;

    private static int Int(Match m, string group) =>
        m.Groups[group].Success && m.Groups[group].Value.Length > 0 ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    private static bool TryMonth(string word, out int month)
    {
        var w = word.Trim('.').ToLowerInvariant();
        if (Months.TryGetValue(w, out month)) return true;
        return w.Length > 3 && Months.TryGetValue(w[..3], out month) && !Weekdays.Contains(w);
    }

    private static Dictionary<string, int> BuildMonths()
    {
        var names = new[]
        {
            // English, then other languages feeds are written in; full names and abbreviations, lower case.
            "jan january janv janvier januar januari ene enero gen gennaio janeiro ιαν ιανουαρίου ιανουάριος január",
            "feb february fév févr février fev fevereiro februar februari febrero febbraio φεβ φεβρουαρίου φεβρουάριος február",
            "mar march mars märz mär mrz maart marzo março μάρ μαρ μαρτίου μάρτιος március",
            "apr april avr avril abr abril aprile απρ απριλίου απρίλιος április",
            "may mai mei mayo maio mag maggio μάι μαι μαΐ μαΐου μάιος május",
            "jun june juin juni junio junho giu giugno ιούν ιουν ιουνίου ιούνιος június",
            "jul july juil juillet juli julio julho lug luglio ιούλ ιουλ ιουλίου ιούλιος július",
            "aug august août aout ago agosto augustus αύγ αυγ αυγούστου αύγουστος augusztus",
            "sep sept september septembre septiembre set setembro settembre σεπ σεπτεμβρίου σεπτέμβριος szeptember",
            "oct october octobre oktober okt octubre out outubro ott ottobre οκτ οκτωβρίου οκτώβριος október",
            "nov november novembre noviembre novembro νοέ νοε νοεμβρίου νοέμβριος",
            "dec december déc décembre dez dezember dezembro dic diciembre dicembre δεκ δεκεμβρίου δεκέμβριος",
        };
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            foreach (var n in names[i].Split(' ')) map.TryAdd(n, i + 1);
        return map;
    }
}
