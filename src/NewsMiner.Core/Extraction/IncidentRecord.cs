namespace NewsMiner.Core.Extraction;

/// <summary>The sentence a value was taken from, with character offsets into the cleaned text.</summary>
public sealed record Evidence(string Field, string Sentence, int Start, int End);

/// <summary>One theft reported by an article.</summary>
public sealed record IncidentRecord
{
    public required string Victim { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? Actor { get; init; }

    /// <summary>ISO date, <c>yyyy-MM-dd</c> or <c>yyyy-MM</c> when only the month is known.</summary>
    public string? Date { get; init; }
    public IReadOnlyList<string> Mixers { get; init; } = [];
    public bool Primary { get; init; }

    /// <summary>Overall confidence (the victim decision's probability times the article's relevance).</summary>
    public double Confidence { get; init; }

    /// <summary>Per-field probability of the chosen value.</summary>
    public IReadOnlyDictionary<string, double> FieldConfidence { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
}

/// <summary>What the extractor found in one article.</summary>
public sealed record ExtractionResult(double Relevance, IReadOnlyList<IncidentRecord> Incidents);

public interface IIncidentExtractor
{
    ExtractionResult Extract(Cleaning.CleanedArticle article);
}
