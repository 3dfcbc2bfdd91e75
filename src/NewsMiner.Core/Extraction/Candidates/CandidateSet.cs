using System.Text.RegularExpressions;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Core.Extraction.Candidates;

/// <summary>An organisation or person named in the article, with all its mentions (candidate victim).</summary>
internal sealed class Entity(string key)
{
    public string Key { get; } = key;
    public List<NameMention> Mentions { get; } = [];
    public bool InTitle { get; set; }
    public int TitleMentions { get; set; }

    /// <summary>The surface form used most often (ties: the first seen).</summary>
    public string Display => Mentions.GroupBy(m => m.Text).OrderByDescending(g => g.Count()).ThenBy(g => g.First().Start).First().Key;
    public int First => Mentions.Count == 0 ? int.MaxValue : Mentions[0].Start;
}

/// <summary>A named actor or mixer with all its mentions, grouped by canonical name.</summary>
internal sealed class NamedGroup(string canonical)
{
    public string Canonical { get; } = canonical;
    public List<NameMention> Mentions { get; } = [];
    public bool InTitle { get; set; }

    /// <summary>A person named where the article speaks of charges or attribution, not a name from the actor list.</summary>
    public bool IsPerson { get; init; }
}

/// <summary>All candidates of one article: victims (entities), amounts, dates, actors, mixers, plus per-sentence cue flags.</summary>
internal sealed partial class CandidateSet
{
    public required ArticleDocument Document { get; init; }
    public required IReadOnlyList<Entity> Entities { get; init; }
    public required IReadOnlyList<MoneyMention> Amounts { get; init; }
    public required IReadOnlyList<DateMention> Dates { get; init; }
    public required IReadOnlyList<NamedGroup> Actors { get; init; }
    public required IReadOnlyList<NamedGroup> Mixers { get; init; }

    /// <summary>People who may be the actor: named individuals in sentences about charges, arrests or attribution.</summary>
    public required IReadOnlyList<NamedGroup> People { get; init; }
    public required int[] TokenStarts { get; init; }
    public required SentenceCues[] Cues { get; init; }
    public required int TitleTheftWords { get; init; }
    public required int TitleMoney { get; init; }

    private IReadOnlyDictionary<Entity, (int Theft, int TheftWithAmount)>? theftSentences;

    /// <summary>
    /// Per entity, how many of the sentences naming it report a theft, and how many of those give an amount: built
    /// once per article (thread-safe, as cross-validation folds read one article side by side).
    /// </summary>
    public IReadOnlyDictionary<Entity, (int Theft, int TheftWithAmount)> TheftSentences =>
        LazyInitializer.EnsureInitialized(ref theftSentences, () => Entities.ToDictionary(e => e, e =>
        {
            var theft = e.Mentions.Select(m => Document.SentenceAt(m.Start)).DistinctBy(s => s.Index).Where(s => Cues[s.Index].Theft).ToList();
            return (theft.Count, theft.Count(HasAmount));
        }));

    /// <summary>True when an amount is written in <paramref name="s"/>.</summary>
    public bool HasAmount(Sentence s) => Amounts.Any(a => a.Start >= s.Start && a.Start < s.End);

    /// <summary>Field candidates per decision, built once per article (every victim pair reads them).</summary>
    internal Dictionary<Decision, IReadOnlyList<FieldCandidate>> FieldCandidates { get; } = [];

    public int TokenIndex(int offset)
    {
        var i = Array.BinarySearch(TokenStarts, offset);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")]
    private static partial Regex Word();

    public static CandidateSet Build(ArticleDocument doc)
    {
        var text = doc.Text;
        var amounts = MoneyRecognizer.Find(text);
        var dates = DateRecognizer.Find(text, doc.Published);
        var actors = Group(Gazetteer.Actors.Find(text), Gazetteer.Actors.Find(doc.Title));
        var mixers = Group(Gazetteer.Mixers.Find(text), Gazetteer.Mixers.Find(doc.Title));
        var taken = new List<(int Start, int End)>();
        taken.AddRange(amounts.Select(a => (a.Start, a.End)));
        taken.AddRange(dates.Select(d => (d.Start, d.End)));
        taken.AddRange(actors.SelectMany(a => a.Mentions).Select(m => (m.Start, m.End)));
        taken.AddRange(mixers.SelectMany(a => a.Mentions).Select(m => (m.Start, m.End)));
        var entities = EntityRecognizer.Find(text, doc.Title, taken);
        var tokenStarts = Word().Matches(text).Select(m => m.Index).ToArray();
        if (tokenStarts.Length == 0) tokenStarts = [0];
        var cues = doc.Sentences.Select(s => SentenceCues.Of(s.Text)).ToArray();
        var people = FindPeople(doc, entities, cues);
        return new CandidateSet
        {
            Document = doc,
            Entities = entities,
            Amounts = amounts,
            Dates = dates,
            Actors = actors,
            Mixers = mixers,
            People = people,
            TokenStarts = tokenStarts,
            Cues = cues,
            TitleTheftWords = Lexicon.Count(doc.Title, Lexicon.Theft),
            TitleMoney = MoneyRecognizer.Find(doc.Title).Count,
        };
    }

    private static List<NamedGroup> FindPeople(ArticleDocument doc, IReadOnlyList<Entity> entities, SentenceCues[] cues)
    {
        var people = new List<NamedGroup>();
        foreach (var e in entities)
        {
            var name = e.Display;
            if (!EntityRecognizer.LooksLikePersonName(name)) continue;
            if (!e.Mentions.Any(m => cues[doc.SentenceAt(m.Start).Index] is { Enforcement: true } or { Attribution: true })) continue;
            // A person is written with a known given name, or referred to later by surname alone ("Eisenberg").
            var surname = name.Split(' ')[^1];
            var bySurname = entities.FirstOrDefault(x => x != e && x.Display == surname);
            if (bySurname is null && !Gazetteer.GivenNames.Contains(name.Split(' ')[0])) continue;
            var g = new NamedGroup(name) { IsPerson = true, InTitle = e.InTitle };
            g.Mentions.AddRange(e.Mentions);
            if (bySurname is not null) g.Mentions.AddRange(bySurname.Mentions);
            g.Mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
            people.Add(g);
        }
        return people;
    }

    private static List<NamedGroup> Group(IReadOnlyList<NameMention> mentions, IReadOnlyList<NameMention> titleMentions)
    {
        var groups = new Dictionary<string, NamedGroup>();
        foreach (var m in mentions)
        {
            if (!groups.TryGetValue(m.Canonical, out var g)) groups[m.Canonical] = g = new NamedGroup(m.Canonical);
            g.Mentions.Add(m);
        }
        foreach (var t in titleMentions)
            if (groups.TryGetValue(t.Canonical, out var g)) g.InTitle = true;
        return groups.Values.ToList();
    }
}

/// <summary>Which cue-word families a sentence contains.</summary>
internal readonly record struct SentenceCues(bool Theft, bool Recovery, bool Attribution, bool Laundering, bool Enforcement, bool Negation, bool Disclosure)
{
    public static SentenceCues Of(string s) => new(
        Lexicon.Has(s, Lexicon.Theft), Lexicon.Has(s, Lexicon.Recovery), Lexicon.Has(s, Lexicon.Attribution),
        Lexicon.Has(s, Lexicon.Laundering), Lexicon.Has(s, Lexicon.Enforcement), Lexicon.Has(s, Lexicon.Negation),
        Lexicon.Has(s, Lexicon.Disclosure));
}
