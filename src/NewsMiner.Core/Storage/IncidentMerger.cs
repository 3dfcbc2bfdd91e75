using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;
using NewsMiner.Core.Pricing;

namespace NewsMiner.Core.Storage;

/// <summary>One stored mention: an incident as one article reports it.</summary>
internal sealed record MentionRow
{
    public long Id { get; init; }
    public long? IncidentId { get; init; }
    public long ArticleId { get; init; }
    public required string Victim { get; init; }
    public required string VictimKey { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public decimal? AmountUsd { get; init; }
    public bool AmountUsdDerived { get; init; }
    public string? Actor { get; init; }
    public string? ActorText { get; init; }
    public string? Date { get; init; }
    public IReadOnlyList<string> Mixers { get; init; } = [];
    public bool IsPrimary { get; init; }
    public double Confidence { get; init; }
    public IReadOnlyDictionary<string, double> FieldConfidence { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];

    /// <summary>The article's publication date (<c>yyyy-MM-dd</c>), if known.</summary>
    public string? Published { get; init; }

    /// <summary>When the article was fetched (ISO 8601).</summary>
    public string FetchedAt { get; init; } = "";
}

/// <summary>An alternative value for a field, with its score and the number of articles that give it.</summary>
public sealed record Alternative(string Value, double Score, int Sources);

/// <summary>The kinds of victim the report groups losses by.</summary>
public static class VictimTypes
{
    public const string Exchange = "exchange";
    public const string DeFi = "DeFi protocol";
    public const string Bridge = "bridge";
    public const string Wallet = "wallet";
    public const string Other = "other";
    public const string Unknown = "unknown";
}

/// <summary>
/// Merges mentions of the same theft across articles into incidents, and picks each incident's values.
/// Pure logic over <see cref="MentionRow"/>s, so the rules are testable without a database.
/// </summary>
/// <remarks>
/// <para><b>Same victim</b>: normalised names are equal or one is a prefix of the other
/// (<see cref="EntityRecognizer.SameName"/>: "BitoPro", "BitoPro exchange" and "Taiwan's BitoPro" are one victim).</para>
/// <para><b>Same theft</b>: a date is an interval (a day, or a whole month for <c>yyyy-MM</c>). Two dated
/// mentions are one theft when their intervals are at most <see cref="WindowDays"/> apart, or at most
/// <see cref="ExtendedWindowDays"/> apart when they report agreeing amounts. 30 days covers what separates reports
/// of one theft (time zones, the day it started vs the day it was noticed, a disclosure a few weeks later), while
/// repeated thefts from one victim are months apart in practice (Cream Finance: 30 August and 27 October 2021;
/// Bithumb: June 2018 and March 2019). Each theft is anchored on its earliest day-precise date, so reports do
/// not chain into one long incident. An undated mention joins the theft whose amount agrees; else the most
/// recent theft of that victim in the year before the article's publication; else an undated incident.</para>
/// </remarks>
internal static partial class IncidentMerger
{
    /// <summary>Dates of one theft are at most this many days apart.</summary>
    public const int WindowDays = 30;

    /// <summary>Dates of one theft with agreeing amounts are at most this many days apart.</summary>
    public const int ExtendedWindowDays = 90;

    /// <summary>An undated mention is matched to a theft at most this long before the article was published.</summary>
    public const int UndatedLookbackDays = 365;

    /// <summary>A background mention (not the article's primary incident) counts this much of a primary one.</summary>
    public const double BackgroundWeight = 0.6;

    /// <summary>Groups victim keys into families: keys connected by <see cref="EntityRecognizer.SameName"/>.</summary>
    public static List<HashSet<string>> Families(IEnumerable<string> keys)
    {
        var families = new List<HashSet<string>>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var joined = families.Where(f => f.Any(k => EntityRecognizer.SameName(k, key))).ToList();
            var family = new HashSet<string>(StringComparer.Ordinal) { key };
            foreach (var f in joined) { family.UnionWith(f); families.Remove(f); }
            families.Add(family);
        }
        return families;
    }

    /// <summary>Splits the mentions of one victim family into thefts (see the class remarks for the rule).</summary>
    public static List<List<MentionRow>> Cluster(IEnumerable<MentionRow> family)
    {
        var all = family.ToList();
        var clusters = new List<(DateSpan Anchor, List<MentionRow> Members)>();
        var dated = all.Select(m => (M: m, Span: DateSpan.Parse(m.Date))).Where(x => x.Span is not null)
            .OrderBy(x => x.Span!.Value.IsMonth).ThenBy(x => x.Span!.Value.Start).ThenBy(x => x.M.Id).ToList();
        foreach (var (m, span) in dated)
        {
            var candidates = clusters
                .Select((c, i) => (Index: i, Gap: c.Anchor.Gap(span!.Value), Agrees: c.Members.Any(o => AmountsAgree(o, m))))
                .Where(x => x.Gap <= WindowDays || (x.Agrees && x.Gap <= ExtendedWindowDays))
                .OrderBy(x => x.Gap).ThenBy(x => x.Index).ToList();
            if (candidates.Count > 0) clusters[candidates[0].Index].Members.Add(m);
            else clusters.Add((span!.Value, [m]));
        }
        List<MentionRow>? undatedCluster = null;
        foreach (var m in all.Where(m => DateSpan.Parse(m.Date) is null).OrderBy(m => m.Id))
        {
            var target = UndatedTarget(m, clusters);
            if (target is not null) { target.Add(m); continue; }
            undatedCluster ??= [];
            undatedCluster.Add(m);
        }
        var result = clusters.Select(c => c.Members).ToList();
        if (undatedCluster is not null) result.Add(undatedCluster);
        return result;
    }

    private static List<MentionRow>? UndatedTarget(MentionRow m, List<(DateSpan Anchor, List<MentionRow> Members)> clusters)
    {
        if (clusters.Count == 0) return null;
        var published = DateSpan.Parse(m.Published);
        var agreeing = clusters.Where(c => c.Members.Any(o => AmountsAgree(o, m))).ToList();
        if (agreeing.Count > 0)
            return agreeing.OrderBy(c => published is { } p ? Math.Abs(p.Start.DayNumber - c.Anchor.Start.DayNumber) : 0).First().Members;
        if (published is { } pub)
        {
            var before = clusters.Where(c => c.Anchor.Start.DayNumber <= pub.End.DayNumber + 1 && pub.Start.DayNumber - c.Anchor.Start.DayNumber <= UndatedLookbackDays)
                .OrderByDescending(c => c.Anchor.Start).ToList();
            return before.Count > 0 ? before[0].Members : null;
        }
        return clusters.Count == 1 ? clusters[0].Members : null;
    }

    /// <summary>Amounts agree within 2% in the same currency, or within 5% in USD.</summary>
    internal static bool AmountsAgree(MentionRow a, MentionRow b)
    {
        if (Normalize.SameAmount(a.Amount, a.Currency, b.Amount, b.Currency)) return true;
        if (a.AmountUsd is not { } ua || b.AmountUsd is not { } ub) return false;
        var max = Math.Max(Math.Abs(ua), Math.Abs(ub));
        return max > 0 && Math.Abs(ua - ub) / max <= 0.05m;
    }

    /// <summary>
    /// Picks the incident's values from its mentions. Every mention votes with its weight: its confidence, times
    /// <see cref="BackgroundWeight"/> when it is not the article's primary incident, times the field's own
    /// confidence when the extractor gave one.
    /// <list type="bullet">
    /// <item><b>amount</b>: estimates that agree within 2% in the same currency are one estimate; the estimate
    /// with the highest summed weight wins (so agreement between sources counts); ties go to more articles, then to
    /// a figure stated in USD. Every estimate stays in the mentions (<c>incident_estimates</c>).</item>
    /// <item><b>amount_usd</b>: the winning estimate if it is in USD; else the best-supported estimate stated in
    /// USD by any source; else the winning estimate converted with the price table (<c>amount_usd_derived</c>).</item>
    /// <item><b>actor</b>: canonical actor names (aliases folded) by summed weight; the others are kept, with their
    /// scores and source counts, as <c>actor_alternatives</c>.</item>
    /// <item><b>date</b>: a day-precise date scores its own weight plus that of month-only mentions of the same
    /// month; the best day wins over any month-only date; with no day, the best month.</item>
    /// <item><b>mixers</b>: every mixer any source names, by support.</item>
    /// <item><b>victim</b>: the spelling without descriptors or places ("BitoPro" over "Taiwan's BitoPro
    /// exchange") with the highest weight, then the shortest.</item>
    /// <item><b>confidence</b>: 1 - Π(1 - c) over the articles' confidences: independent reports add up.</item>
    /// </list>
    /// Returns the incident's values; its id and sources are the store's to fill.
    /// </summary>
    public static StoredIncident Choose(IReadOnlyList<MentionRow> mentions, PriceTable prices)
    {
        if (mentions.Count == 0) throw new ArgumentException("an incident needs at least one mention", nameof(mentions));
        double W(MentionRow m, string? field = null)
        {
            var w = m.Confidence * (m.IsPrimary ? 1.0 : BackgroundWeight);
            if (field is not null && m.FieldConfidence.TryGetValue(field, out var f)) w *= f;
            return Math.Max(w, 1e-6);
        }

        var victim = mentions.GroupBy(m => m.Victim, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Clean: IsCleanName(g.Key), Score: g.Sum(m => W(m))))
            .OrderByDescending(x => x.Clean).ThenByDescending(x => x.Score).ThenBy(x => x.Name.Length).ThenBy(x => x.Name, StringComparer.Ordinal)
            .First().Name;

        // Amount: group agreeing figures into estimates.
        var withAmount = mentions.Where(m => m.Amount is not null && m.Currency is not null).OrderBy(m => m.Id).ToList();
        var estimates = new List<List<MentionRow>>();
        foreach (var m in withAmount)
        {
            var e = estimates.FirstOrDefault(e => Normalize.SameAmount(e[0].Amount, e[0].Currency, m.Amount, m.Currency));
            if (e is null) estimates.Add([m]); else e.Add(m);
        }
        var ranked = estimates
            .Select(e => (Members: e, Score: e.Sum(m => W(m, "amount")), Articles: e.Select(m => m.ArticleId).Distinct().Count(), Usd: IsUsd(e[0].Currency)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Articles).ThenByDescending(x => x.Usd).ToList();
        decimal? amount = null, amountUsd = null;
        string? currency = null, usdNote = null;
        var usdDerived = false;
        if (ranked.Count > 0)
        {
            var best = ranked[0].Members.GroupBy(m => (m.Amount, Code: Normalize.Currency(m.Currency!)))
                .OrderByDescending(g => g.Sum(m => W(m, "amount"))).ThenByDescending(g => g.Count()).ThenBy(g => g.Min(m => m.Id)).First();
            amount = best.Key.Amount;
            currency = best.First().Currency;
            var usdEstimate = ranked.FirstOrDefault(x => x.Usd);
            if (usdEstimate.Members is not null)
            {
                var u = usdEstimate.Members.GroupBy(m => m.Amount).OrderByDescending(g => g.Sum(m => W(m, "amount"))).ThenBy(g => g.Min(m => m.Id)).First();
                amountUsd = u.Key;
            }
        }

        var actorVotes = mentions.Where(m => m.Actor is not null)
            .GroupBy(m => m.Actor!, StringComparer.Ordinal)
            .Select(g => new Alternative(g.Key, Math.Round(g.Sum(m => W(m, "actor")), 4), g.Select(m => m.ArticleId).Distinct().Count()))
            .OrderByDescending(a => a.Score).ThenByDescending(a => a.Sources).ThenBy(a => a.Value, StringComparer.Ordinal).ToList();

        var date = ChooseDate(mentions, m => W(m, "date"));

        if (amount is { } a && currency is not null && amountUsd is null)
        {
            var when = date ?? mentions.Select(m => m.Published).Where(p => p is not null).Min(StringComparer.Ordinal);
            if (prices.ToUsd(a, currency, when) is { } conv)
            {
                amountUsd = decimal.Round(conv.Usd, 2);
                usdDerived = true;
                usdNote = $"{a.ToString("0.####", CultureInfo.InvariantCulture)} {currency} at the {conv.Month} reference price of {conv.Rate.ToString("0.########", CultureInfo.InvariantCulture)} USD" +
                          (conv.Note is null ? "" : $" ({conv.Note})");
            }
        }

        var mixers = mentions.SelectMany(m => m.Mixers.Select(x => (Mixer: x, W: W(m, "mixer:" + x))))
            .GroupBy(x => x.Mixer, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(x => x.W)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();

        var confidence = 1.0 - mentions.GroupBy(m => m.ArticleId).Select(g => 1.0 - g.Max(m => m.Confidence)).Aggregate(1.0, (p, x) => p * x);

        return new StoredIncident
        {
            Victim = victim,
            VictimType = ClassifyVictim(mentions, m => W(m)),
            Amount = amount,
            Currency = currency,
            AmountUsd = amountUsd,
            AmountUsdDerived = usdDerived,
            UsdNote = usdNote,
            Actor = actorVotes.FirstOrDefault()?.Value,
            ActorAlternatives = actorVotes.Skip(1).ToList(),
            Date = date,
            Mixers = mixers,
            Confidence = Math.Round(confidence, 4),
            FirstSeen = mentions.Select(m => m.FetchedAt).Where(f => f.Length > 0).DefaultIfEmpty("").Min(StringComparer.Ordinal)!,
        };
    }

    private static string? ChooseDate(IReadOnlyList<MentionRow> mentions, Func<MentionRow, double> weight)
    {
        var dated = mentions.Select(m => (M: m, Span: DateSpan.Parse(m.Date))).Where(x => x.Span is not null).ToList();
        var days = dated.Where(x => !x.Span!.Value.IsMonth).GroupBy(x => x.M.Date!, StringComparer.Ordinal)
            .Select(g => (Date: g.Key, Score: g.Sum(x => weight(x.M)) + dated.Where(x => x.Span!.Value.IsMonth && g.Key.StartsWith(x.M.Date!, StringComparison.Ordinal)).Sum(x => weight(x.M))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Date, StringComparer.Ordinal).ToList();
        if (days.Count > 0) return days[0].Date;
        return dated.GroupBy(x => x.M.Date!, StringComparer.Ordinal).OrderByDescending(g => g.Sum(x => weight(x.M))).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
    }

    private static bool IsUsd(string? currency) => string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase);

    /// <summary>A spelling is clean when normalisation drops none of its words (no "exchange", no "Taiwan's").</summary>
    private static bool IsCleanName(string name)
    {
        var words = name.Replace("-", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return EntityRecognizer.Key(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == words;
    }

    [GeneratedRegex(@"\b(?:cross-chain )?bridges?\b", RegexOptions.IgnoreCase)]
    private static partial Regex BridgeCue();

    [GeneratedRegex(@"\b(?:exchanges?|trading platforms?|crypto platforms?|CEX|brokerage)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExchangeCue();

    [GeneratedRegex(@"(?<!\b(?:hot|cold|warm|multisig|multi-sig|custody|custodial|deposit|treasury|signing|exchange's|platform's)\s)\bwallets?\b(?!\s(?:of|at|belonging))", RegexOptions.IgnoreCase)]
    private static partial Regex WalletCue();

    [GeneratedRegex(@"\b(?:DeFi|protocols?|lending|lender|DEX|decentrali[sz]ed exchanges?|yield|liquidity|stablecoin issuer|money market|swap|AMM|perpetuals?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DeFiCue();

    /// <summary>
    /// A heuristic victim type for the report: the cue word nearest to the victim's name, within six words of it in
    /// its evidence sentences, or in the name itself ("Orbit Bridge", "Taiwan's BitoPro exchange", "DeFi lender
    /// Radiant", "WazirX, one of India's largest exchanges"); "hot wallet" and the like are not a wallet provider.
    /// At equal distance bridge beats exchange beats wallet beats DeFi. Votes are weighted like the fields.
    /// </summary>
    internal static string ClassifyVictim(IReadOnlyList<MentionRow> mentions, Func<MentionRow, double> weight)
    {
        var votes = new Dictionary<string, double>();
        foreach (var m in mentions)
        {
            var type = NearestCue(m.Victim, 0, m.Victim.Length);
            if (type is null)
            {
                foreach (var e in m.Evidence.Where(e => e.Field == "victim"))
                {
                    var i = e.Sentence.IndexOf(m.Victim, StringComparison.Ordinal);
                    if (i < 0) continue;
                    var (from, to) = Window(e.Sentence, i, i + m.Victim.Length, 6);
                    type = NearestCue(e.Sentence[from..to], i - from, i - from + m.Victim.Length);
                    if (type is not null) break;
                }
            }
            if (type is null) continue;
            votes[type] = votes.GetValueOrDefault(type) + weight(m);
        }
        return votes.Count == 0 ? VictimTypes.Unknown : votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).First().Key;
    }

    private static string? NearestCue(string text, int nameStart, int nameEnd)
    {
        (Regex Cue, string Type)[] cues = [(BridgeCue(), VictimTypes.Bridge), (ExchangeCue(), VictimTypes.Exchange), (WalletCue(), VictimTypes.Wallet), (DeFiCue(), VictimTypes.DeFi)];
        return cues.SelectMany((c, rank) => c.Cue.Matches(text).Select(m => (c.Type, Rank: rank,
                Distance: m.Index >= nameEnd ? m.Index - nameEnd : m.Index + m.Length <= nameStart ? nameStart - (m.Index + m.Length) : 0)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Rank).Select(x => x.Type).FirstOrDefault();
    }

    /// <summary>The range from <paramref name="words"/> words before a span to as many words after it.</summary>
    private static (int From, int To) Window(string s, int start, int end, int words)
    {
        var from = start;
        for (var n = 0; from > 0; from--) if (s[from - 1] == ' ' && ++n > words) break;
        var to = end;
        for (var n = 0; to < s.Length; to++) if (s[to] == ' ' && ++n > words) break;
        return (from, to);
    }

    internal static string SerializeAlternatives(IReadOnlyList<Alternative> alternatives) =>
        JsonSerializer.Serialize(alternatives.Select(a => new { actor = a.Value, score = a.Score, sources = a.Sources }));

    internal static IReadOnlyList<Alternative> ParseAlternatives(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Select(e => new Alternative(e.GetProperty("actor").GetString()!, e.GetProperty("score").GetDouble(), e.GetProperty("sources").GetInt32())).ToList();
    }
}

/// <summary>A date as an interval: one day (<c>yyyy-MM-dd</c>) or a whole month (<c>yyyy-MM</c>).</summary>
internal readonly record struct DateSpan(DateOnly Start, DateOnly End)
{
    public bool IsMonth => Start != End;

    public static DateSpan? Parse(string? s)
    {
        if (s is null) return null;
        if (s.Length >= 10 && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return new DateSpan(d, d);
        if (s.Length == 7 && DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            return new DateSpan(m, m.AddMonths(1).AddDays(-1));
        return null;
    }

    /// <summary>Days between the two intervals; 0 when they overlap.</summary>
    public int Gap(DateSpan other) =>
        Math.Max(0, Math.Max(other.Start.DayNumber - End.DayNumber, Start.DayNumber - other.End.DayNumber));
}
