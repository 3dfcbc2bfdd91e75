using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Export;

/// <summary>Totals for one group of incidents: how many, how many have a USD value, the USD sum and its derived part.</summary>
public sealed record StatsRow(string Key, int Incidents, int WithUsd, decimal TotalUsd, decimal DerivedUsd);

/// <summary>Totals stolen per year, per actor and per victim type.</summary>
public sealed record IncidentStatistics(IReadOnlyList<StatsRow> ByYear, IReadOnlyList<StatsRow> ByActor, IReadOnlyList<StatsRow> ByVictimType, StatsRow Total)
{
    public const string Undated = "undated";
    public const string Unattributed = "unattributed";

    /// <summary>
    /// Groups incidents by the year of their date, their attributed actor and their victim type. Sums use each
    /// incident's USD value, reported or derived (the derived part is shown separately); incidents without one
    /// are counted but add nothing.
    /// </summary>
    public static IncidentStatistics Compute(IReadOnlyList<StoredIncident> incidents)
    {
        static StatsRow Row(string key, IEnumerable<StoredIncident> group)
        {
            var list = group.ToList();
            return new StatsRow(key, list.Count, list.Count(i => i.AmountUsd is not null), list.Sum(i => i.AmountUsd ?? 0),
                list.Where(i => i.AmountUsdDerived).Sum(i => i.AmountUsd ?? 0));
        }
        var byYear = incidents.GroupBy(i => i.Date is { Length: >= 4 } d ? d[..4] : Undated)
            .OrderBy(g => g.Key == Undated ? "9999" : g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g)).ToList();
        var byActor = incidents.GroupBy(i => i.Actor ?? Unattributed)
            .Select(g => Row(g.Key, g)).OrderByDescending(r => r.TotalUsd).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var byType = incidents.GroupBy(i => i.VictimType)
            .Select(g => Row(g.Key, g)).OrderByDescending(r => r.TotalUsd).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new IncidentStatistics(byYear, byActor, byType, Row("total", incidents));
    }
}
