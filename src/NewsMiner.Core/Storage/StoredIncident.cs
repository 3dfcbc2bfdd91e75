using NewsMiner.Core.Extraction;

namespace NewsMiner.Core.Storage;

/// <summary>A stored incident (one real-world theft) with the URLs of the articles that report it.</summary>
public sealed record StoredIncident
{
    public long Id { get; init; }
    public required string Victim { get; init; }

    /// <summary>exchange, DeFi protocol, bridge, wallet, other or unknown (see <see cref="VictimTypes"/>).</summary>
    public string VictimType { get; init; } = VictimTypes.Unknown;
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }

    /// <summary>The loss in USD: as reported, or computed from the price table when <see cref="AmountUsdDerived"/>.</summary>
    public decimal? AmountUsd { get; init; }
    public bool AmountUsdDerived { get; init; }

    /// <summary>How a derived USD value was computed.</summary>
    public string? UsdNote { get; init; }
    public string? Actor { get; init; }

    /// <summary>Other attributions some sources give, strongest first.</summary>
    public IReadOnlyList<Alternative> ActorAlternatives { get; init; } = [];
    public string? Date { get; init; }
    public IReadOnlyList<string> Mixers { get; init; } = [];
    public double Confidence { get; init; }
    public string FirstSeen { get; init; } = "";
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>One amount reported for an incident, with the articles that report it.</summary>
public sealed record Estimate(decimal Amount, string Currency, decimal? AmountUsd, bool AmountUsdDerived, IReadOnlyList<string> Sources);

/// <summary>An incident as one article reports it.</summary>
public sealed record SourceReport
{
    public long ArticleId { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public string? SiteName { get; init; }
    public string? Published { get; init; }
    public bool IsPrimary { get; init; }
    public required string Victim { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public decimal? AmountUsd { get; init; }
    public bool AmountUsdDerived { get; init; }
    public string? Actor { get; init; }

    /// <summary>The actor's name as the article writes it ("TraderTraitor" for Lazarus Group).</summary>
    public string? ActorAsWritten { get; init; }
    public string? Date { get; init; }
    public IReadOnlyList<string> Mixers { get; init; } = [];
    public double Confidence { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
}

/// <summary>One incident with every estimate and every source's report and evidence.</summary>
public sealed record IncidentDetail(StoredIncident Incident, IReadOnlyList<Estimate> Estimates, IReadOnlyList<SourceReport> Reports);

/// <summary>
/// Filters for listing incidents; null means no filter. Dates compare as intervals: an incident dated
/// <c>2025-05</c> is inside <c>--since 2025-05-20</c>. Undated incidents are left out when a date bound is given.
/// </summary>
public sealed record IncidentQuery
{
    public static IncidentQuery All { get; } = new();

    /// <summary>Incident date on or after this (<c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>).</summary>
    public string? Since { get; init; }

    /// <summary>Incident date on or before this (<c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>).</summary>
    public string? Until { get; init; }

    /// <summary>Victim: same normalised name, or a case-insensitive part of the name.</summary>
    public string? Victim { get; init; }

    /// <summary>Attributed actor; any alias in the actor list selects its canonical name.</summary>
    public string? Actor { get; init; }

    /// <summary>A mixer or laundering service the incident's funds went through (aliases count).</summary>
    public string? Mixer { get; init; }

    /// <summary>Smallest USD value (reported or derived).</summary>
    public decimal? MinAmountUsd { get; init; }

    /// <summary><c>date</c> (oldest first, the default) or <c>amount</c> (largest USD value first).</summary>
    public string Sort { get; init; } = "date";

    /// <summary>At most this many incidents.</summary>
    public int? Limit { get; init; }

    /// <summary>Throws <see cref="NewsMinerInputException"/> naming the option for a bad date, sort order or limit.</summary>
    public void Validate()
    {
        if (Since is not null) SqliteIncidentStore.QueryDate(Since, "--since");
        if (Until is not null) SqliteIncidentStore.QueryDate(Until, "--until");
        if (Sort is not ("date" or "amount")) throw new NewsMinerInputException("--sort", $"'{Sort}' is not a sort order (use date or amount)");
        if (Limit is < 1) throw new NewsMinerInputException("--limit", $"{Limit} is not a positive number");
    }
}
