using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Extraction;

/// <summary>
/// The ablation baseline: the same candidates, decided by fixed rules instead of the trained models. It exists only
/// to measure what the models add (<c>newsminer evaluate --baseline</c>); the pipeline never uses it.
/// </summary>
internal static class RuleBaselineExtractor
{
    public static ExtractionResult Extract(CandidateSet c)
    {
        // Relevance: a theft word and a money amount in the same sentence.
        var theftSentences = c.Document.Sentences.Where(s => c.Cues[s.Index].Theft && c.Amounts.Any(a => a.Start >= s.Start && a.Start < s.End)).ToList();
        if (theftSentences.Count == 0) return new ExtractionResult(0, []);

        // Victim: the most mentioned organisation-like name in theft sentences (title mentions count double).
        Entity? victim = null;
        var best = 0.0;
        foreach (var e in c.Entities)
        {
            if (Gazetteer.NonVictims.Contains(e.Display)) continue;
            var inTheft = e.Mentions.Count(m => c.Cues[c.Document.SentenceAt(m.Start).Index].Theft);
            var score = inTheft + 2 * e.TitleMentions + (Gazetteer.Organisations.Contains(e.Display) ? 1 : 0);
            if (inTheft > 0 && score > best) { best = score; victim = e; }
        }
        if (victim is null) return new ExtractionResult(1, []);
        var victimSentences = victim.Mentions.Select(m => c.Document.SentenceAt(m.Start).Index).ToHashSet();

        // Amount: the largest amount in a sentence naming the victim, else the first amount in a theft sentence.
        var amount = c.Amounts.Where(a => victimSentences.Contains(c.Document.SentenceAt(a.Start).Index))
                         .OrderByDescending(a => Normalize.RoughUsd(a.Value, a.Currency)).FirstOrDefault()
                     ?? c.Amounts.FirstOrDefault(a => c.Cues[c.Document.SentenceAt(a.Start).Index].Theft);
        // Date: the first date in a sentence naming the victim or a theft.
        var date = c.Dates.FirstOrDefault(d => victimSentences.Contains(c.Document.SentenceAt(d.Start).Index))
                   ?? c.Dates.FirstOrDefault(d => c.Cues[c.Document.SentenceAt(d.Start).Index].Theft);
        // Actor: the first actor named in an attribution sentence.
        var actor = c.Actors.FirstOrDefault(a => a.Mentions.Any(m => c.Cues[c.Document.SentenceAt(m.Start).Index].Attribution));
        // Mixers: every mixer named in a laundering sentence.
        var mixers = c.Mixers.Where(m => m.Mentions.Any(x => c.Cues[c.Document.SentenceAt(x.Start).Index].Laundering)).Select(m => m.Canonical).ToList();

        var incident = new IncidentRecord
        {
            Victim = victim.Display,
            Amount = amount?.Value,
            Currency = amount?.Currency,
            Date = date?.Iso,
            Actor = actor?.Canonical,
            Mixers = mixers,
            Primary = true,
            Confidence = 1,
        };
        return new ExtractionResult(1, [incident]);
    }
}
