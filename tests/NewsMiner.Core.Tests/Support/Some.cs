using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Core.Tests.Support;

/// <summary>Builders for test data: one place that knows what a plausible article and incident look like.</summary>
internal static class Some
{
    public static CleanedArticle Article(string text, string? published = "2025-06-03T10:00:00+08:00", string url = "https://news.example/a") => new()
    {
        Source = url, Url = url, Title = "T", Text = text,
        Published = published is null ? null : DateTimeOffset.Parse(published, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static ExtractionResult Extraction(params IncidentRecord[] incidents) => new(0.99, incidents);

    public static IncidentRecord Incident(string victim, string? date, decimal? amount = 11_000_000m, string? currency = "USD", string? actor = "Lazarus Group",
        bool primary = true, double confidence = 0.9, string[]? mixers = null, string? actorSentence = null, string? victimSentence = null)
    {
        var evidence = new List<Evidence>();
        if (victimSentence is not null) evidence.Add(new Evidence("victim", victimSentence, 0, victimSentence.Length));
        if (actorSentence is not null) evidence.Add(new Evidence("actor", actorSentence, 0, actorSentence.Length));
        return new IncidentRecord
        {
            Victim = victim, Amount = amount, Currency = amount is null ? null : currency, Actor = actor, Date = date, Mixers = mixers ?? ["Tornado Cash"],
            Primary = primary, Confidence = confidence, Evidence = evidence,
        };
    }
}
