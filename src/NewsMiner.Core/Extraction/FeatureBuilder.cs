using System.Text;
using System.Text.RegularExpressions;
using NewsMiner.Core.Extraction.Candidates;
using NewsMiner.Core.Extraction.Model;

namespace NewsMiner.Core.Extraction;

/// <summary>The kinds of decision the extractor learns; each has its own model.</summary>
internal enum Decision { Relevance, Victim, Amount, Date, Actor, Mixer, Primary, Split }

/// <summary>A field candidate for one victim: its kind, where it is, and its normalised value.</summary>
internal sealed record FieldCandidate(Decision Kind, int Start, int End, string Value, object Source);

/// <summary>
/// Turns candidates into feature rows: a fixed-length numeric vector plus a "context" string of the words around
/// the candidate (featurised as a bag of words by the ML.NET pipeline).
/// </summary>
internal static partial class FeatureBuilder
{
    [GeneratedRegex(@"[\p{L}\p{N}$€£¥₩]+")]
    private static partial Regex Word();

    // ---------- article relevance ----------

    public static CandidateInput Relevance(CandidateSet c)
    {
        var f = new float[CandidateInput.Width];
        var text = c.Document.Text;
        f[0] = Log(Lexicon.Count(text, Lexicon.Theft));
        f[1] = Log(c.Amounts.Count);
        f[2] = Log(c.Actors.Sum(a => a.Mentions.Count));
        f[3] = Log(c.Mixers.Sum(a => a.Mentions.Count));
        f[4] = Log(c.Entities.Count(e => Gazetteer.Organisations.Contains(e.Display)));
        f[5] = c.TitleTheftWords;
        f[6] = c.TitleMoney;
        f[7] = Log(c.Dates.Count);
        f[8] = Log(c.Cues.Count(x => x.Theft && x.Recovery));
        f[9] = Log(c.Cues.Count(x => x.Enforcement));
        f[10] = Log(c.Document.Sentences.Count);
        var fiat = c.Amounts.Where(a => a.IsFiat).Select(a => (double)a.Value).DefaultIfEmpty(0).Max();
        f[11] = fiat > 0 ? (float)Math.Log10(fiat) : 0;
        f[12] = c.Cues.Length == 0 ? 0 : (float)c.Cues.Count(x => x.Theft) / c.Cues.Length;
        // The hard negatives: a ransom paid in bitcoin, a data breach, a foiled attempt, an annual total.
        f[13] = Log(Lexicon.Count(text, Lexicon.Ransom));
        f[14] = Log(Lexicon.Count(text, Lexicon.DataBreach));
        f[15] = Log(Lexicon.Count(text, Lexicon.Foiled));
        f[16] = Log(Lexicon.Count(text, Lexicon.CryptoWords));
        f[17] = Log(Lexicon.Count(text, Lexicon.Total));
        f[18] = Lexicon.Has(c.Document.Title, Lexicon.Ransom) || Lexicon.Has(c.Document.Title, Lexicon.DataBreach) || Lexicon.Has(c.Document.Title, Lexicon.Foiled) ? 1 : 0;
        var lead = text.Length > 1500 ? text[..1500] : text;
        // The words of the theft sentences anywhere in the article: what a theft word is said with ("bounty",
        // "rescued", "denied", "frozen", "liquidated") tells a theft from the stories that only talk about one.
        var theft = string.Join(" ", c.Document.Sentences.Where(s => c.Cues[s.Index].Theft).Select(s => s.Text));
        return new CandidateInput { Numeric = f, Context = "T " + Words(c.Document.Title, "t_") + " B " + Words(lead, "") + " S " + Words(theft, "s_") };
    }

    // ---------- victim ----------

    public static CandidateInput Victim(CandidateSet c, Entity e, bool sentenceWords = true)
    {
        var f = new float[CandidateInput.Width];
        var doc = c.Document;
        var len = Math.Max(1, doc.Text.Length);
        var sentences = e.Mentions.Select(m => doc.SentenceAt(m.Start)).ToList();
        var n = e.Mentions.Count;
        var totalMentions = Math.Max(1, c.Entities.Sum(x => x.Mentions.Count));
        var rank = c.Entities.OrderByDescending(x => x.Mentions.Count + 2 * x.TitleMentions).ToList().IndexOf(e);
        var display = e.Display;
        f[0] = Log(n);
        f[1] = (float)e.First / len;
        f[2] = e.InTitle ? 1 : 0;
        f[3] = sentences.Any(s => s.Paragraph == 0 || s.Index < 2) ? 1 : 0;
        // Deliberately no "is on the organisation list" feature: it made the model favour famous names over the
        // article's own wording (background mentions of big heists won, unknown victims lost).
        // A blockchain network ("the exploit on Arbitrum") is where a theft happened far more often than its victim.
        f[4] = Gazetteer.Chains.Contains(display) ? 1 : 0;
        f[5] = Gazetteer.NonVictims.Contains(display) ? 1 : 0;
        f[6] = Frac(sentences, s => c.Cues[s.Index].Theft);
        f[7] = Log(sentences.Count(s => c.HasAmount(s)));
        f[8] = MinTokenDistanceToAmount(c, e) / 30f;
        f[9] = Frac(e.Mentions, m => Pattern(doc.Text, m, FromAfterTheft()));
        f[10] = Frac(e.Mentions, m => After(doc.Text, m.End, 40, VictimVerbAfter()));
        f[11] = Frac(e.Mentions, m => After(doc.Text, m.End, 25, IncidentNounAfter()));
        f[12] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 30, AttackOnBefore()));
        f[13] = Frac(e.Mentions, m => After(doc.Text, m.End, 25, DescriptorAfter()));
        f[14] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 40, SourceCueBefore()));
        f[15] = display.Split(' ').Length;
        f[16] = display.Length > 1 && display.All(ch => char.IsUpper(ch) || !char.IsLetter(ch)) ? 1 : 0;
        f[17] = Log(c.Entities.Count);
        f[18] = rank < 0 ? 1 : Math.Min(1, rank / 10f);
        f[19] = (float)n / totalMentions;
        f[20] = Frac(sentences, s => c.Cues[s.Index].Recovery);
        f[21] = Frac(sentences, s => c.Cues[s.Index].Enforcement);
        f[22] = Frac(sentences, s => c.Actors.Any(a => a.Mentions.Any(m => m.Start >= s.Start && m.Start < s.End)));
        f[23] = Log(sentences.Min(s => s.Paragraph));
        f[24] = Frac(e.Mentions, m => After(doc.Text, m.End, 3, Possessive()));
        f[25] = Log(sentences.Min(s => s.Index));
        f[26] = Log(sentences.Count(s => c.Cues[s.Index].Theft && c.HasAmount(s)));
        f[27] = e.TitleMentions;
        f[28] = Frac(sentences, s => c.Cues[s.Index].Disclosure);
        f[29] = Frac(e.Mentions, m => After(doc.Text, m.End, 30, SaidAfter()));
        f[30] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 12, OnBefore()));
        f[31] = Frac(e.Mentions, m => After(doc.Text, m.End, 25, ChainAfter()));
        f[32] = Frac(e.Mentions, m => After(doc.Text, m.End, 25, TokenAfter()));
        f[33] = Frac(e.Mentions, m => After(doc.Text, m.End, 60, PossessiveIncidentAfter()));
        f[34] = Frac(e.Mentions, m => After(doc.Text, m.End, 50, RelativeClauseAfter()));
        f[35] = Log(e.Mentions.Count(m => c.Cues[doc.SentenceAt(m.Start).Index].Theft));
        f[36] = LooksLikePerson(display) ? 1 : 0;
        f[37] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 25, OntoBefore()));
        // "Five days earlier, ...", "Initial estimates put ...": a capitalised word that only ever opens a sentence
        // and that the article also writes in lower case is an ordinary word, not a name.
        f[38] = Frac(e.Mentions, m => OpensSentence(doc, m.Start));
        f[39] = !display.Contains(' ') && WrittenInLowerCase(doc.Text, display) ? 1 : 0;
        // "... brought down Flexcoin. The Canadian company said an attacker took 896 BTC ...": the last name before a
        // theft sentence with an amount that names nobody is who that sentence is about.
        f[40] = Frac(sentences, s => NextTheftSentenceIsAbout(c, s, e));
        // The thief of a court story: "Lichtenstein pleaded guilty", "O'Connor, 24, was sentenced"; "prosecutors
        // charged Meza". Indices 41-44 are the primary model's.
        f[45] = Frac(e.Mentions, m => After(doc.Text, m.End, 60, ChargedAfter()));
        f[46] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 40, ChargedBefore()));
        // A token, not its holder: "1.1 billion VET", "20 million OP", "$1.5 million worth of YU" (not "the 2022 Ronin hack").
        f[47] = Frac(e.Mentions, m => Before(doc.Text, m.Start, 30, QuantityBefore()));
        f[51] = Frac(e.Mentions, m => After(doc.Text, m.End, 140, VictimVerbAfterApposition()));
        // Against the article's other names (a tree sees one row at a time): is this the name the theft sentences are about?
        var counts = c.TheftSentences;
        var (theft, withAmount) = counts[e];
        f[48] = Math.Min(1, counts.Values.Count(x => x.Theft > theft) / 10f);
        f[49] = Math.Min(1, counts.Values.Count(x => x.TheftWithAmount > withAmount) / 10f);
        var most = counts.Values.Max(x => x.Theft);
        f[50] = most == 0 ? 0 : (float)theft / most;
        var ctx = new StringBuilder();
        foreach (var m in e.Mentions.Take(8)) ctx.Append(Window(c, m.Start, m.End, 4)).Append(' ');
        // The words of the sentences that name it, for the victim model only (with them the primary model's choice
        // among accepted victims got worse: primary accuracy 0.806 -> 0.793).
        if (sentenceWords)
            foreach (var s in sentences.DistinctBy(s => s.Index).Take(4)) ctx.Append(Words(s.Text, "s_")).Append(' ');
        if (e.InTitle) ctx.Append(" intitle ");
        return new CandidateInput { Numeric = f, Context = ctx.ToString() };
    }

    // ---------- field candidates for one victim ----------

    public static IReadOnlyList<FieldCandidate> Candidates(CandidateSet c, Decision kind)
    {
        if (!c.FieldCandidates.TryGetValue(kind, out var list)) c.FieldCandidates[kind] = list = Build(c, kind).ToList();
        return list;
    }

    private static IEnumerable<FieldCandidate> Build(CandidateSet c, Decision kind) => kind switch
    {
        Decision.Amount => c.Amounts.Select(a => new FieldCandidate(kind, a.Start, a.End, Normalize.Amount(a.Value, a.Currency), a)),
        Decision.Date => c.Dates.Select(d => new FieldCandidate(kind, d.Start, d.End, d.Iso, d)),
        Decision.Actor => c.Actors.Concat(c.People).Select(a => new FieldCandidate(kind, a.Mentions[0].Start, a.Mentions[0].End, a.Canonical, a)),
        Decision.Mixer => c.Mixers.Select(a => new FieldCandidate(kind, a.Mentions[0].Start, a.Mentions[0].End, a.Canonical, a)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static CandidateInput Pair(CandidateSet c, Entity v, IReadOnlyList<Entity> victims, FieldCandidate cand)
    {
        var f = new float[CandidateInput.Width];
        var doc = c.Document;
        var spans = cand.Source is NamedGroup g ? g.Mentions.Select(m => (m.Start, m.End)).ToList() : [(cand.Start, cand.End)];
        // The candidate's mention closest to the victim drives the positional features.
        var best = spans.OrderBy(s => SentenceDistance(c, v, s.Start)).ThenBy(s => CharDistance(v, s.Start)).First();
        var sent = doc.SentenceAt(best.Start);
        var sd = SentenceDistance(c, v, best.Start);
        var nearest = victims.OrderBy(x => SentenceDistance(c, x, best.Start)).ThenBy(x => CharDistance(x, best.Start)).FirstOrDefault();
        var cues = c.Cues[sent.Index];
        var all = Candidates(c, cand.Kind);
        f[0] = sd == 0 ? 1 : 0;
        f[1] = Math.Min(sd, 10) / 10f;
        f[2] = sd == 0 ? Math.Min(TokenDistance(c, v, best.Start), 30) / 30f : 1;
        f[3] = nearest == v ? 1 : 0;
        f[4] = Log(victims.Count);
        f[5] = cues.Theft ? 1 : 0;
        f[6] = cues.Recovery ? 1 : 0;
        f[7] = (float)best.Start / Math.Max(1, doc.Text.Length);
        f[8] = sent.Paragraph == 0 || sent.Index < 2 ? 1 : 0;
        f[9] = victims.Count > 0 && victims.OrderByDescending(x => x.Mentions.Count + 2 * x.TitleMentions).First() == v ? 1 : 0;
        f[10] = Log(sent.Index);
        f[11] = victims.Any(x => x != v && x.Mentions.Any(m => m.Start >= sent.Start && m.Start < sent.End)) ? 1 : 0;
        f[12] = Log(all.Count);
        var index = 0;
        while (index < all.Count && all[index].Start != cand.Start) index++;
        f[13] = Math.Min(1, (index == all.Count ? -1 : index) / 10f);
        f[14] = Log(all.Count(x => x.Value == cand.Value));
        var text = doc.Text;
        switch (cand.Source)
        {
            case MoneyMention a:
                var usd = Normalize.RoughUsd(a.Value, a.Currency);
                f[15] = usd > 0 ? (float)Math.Log10((double)usd) : 0;
                f[16] = a.IsFiat ? 1 : 0;
                f[17] = a.Currency == "USD" ? 1 : 0;
                var bigger = c.Amounts.Count(x => Normalize.RoughUsd(x.Value, x.Currency) > usd);
                f[18] = Math.Min(1, bigger / 10f);
                f[19] = Near(text, a.Start, a.End, 45, Lexicon.Recovery) ? 1 : 0;
                f[20] = Near(text, a.Start, a.End, 45, Lexicon.Theft) ? 1 : 0;
                f[21] = c.Amounts.Any(x => x != a && Math.Abs(x.Start - a.End) < 25 || Math.Abs(a.Start - x.End) < 25 && x != a) ? 1 : 0;
                f[22] = Before(text, a.Start, 50, Lexicon.Initial) ? 1 : 0;
                f[23] = Near(text, a.Start, a.End, 50, Lexicon.Total) ? 1 : 0;
                f[24] = Near(text, a.Start, a.End, 60, Lexicon.Bounty) ? 1 : 0;
                // Revised figures: the later, larger or "now" estimate is the one a label keeps.
                f[46] = Before(text, a.Start, 60, Revision()) ? 1 : 0;
                var victimAmounts = c.Amounts.Where(x => v.Mentions.Any(m => doc.SentenceAt(m.Start).Index == doc.SentenceAt(x.Start).Index)).ToList();
                f[47] = victimAmounts.Count == 0 ? 0.5f : victimAmounts.Count(x => x.Start > a.Start) == 0 ? 1 : 0;
                // Two units for one loss ("308 ETH, about $266,000"; "48.2 billion yen ($308 million)"): which side is this?
                var sentenceAmounts = c.Amounts.Where(x => x != a && x.Start >= sent.Start && x.Start < sent.End && Math.Abs(x.Start - a.Start) < 90).ToList();
                f[48] = !a.IsFiat && sentenceAmounts.Any(x => x.IsFiat) ? 1 : 0;
                f[49] = a.IsFiat && sentenceAmounts.Any(x => !x.IsFiat) ? 1 : 0;
                f[50] = a.Currency == "USD" && sentenceAmounts.Any(x => x.IsFiat && x.Currency != "USD") ? 1 : a.IsFiat && a.Currency != "USD" && sentenceAmounts.Any(x => x.Currency == "USD") ? -1 : 0;
                f[51] = InParentheses(text, a.Start, a.End) ? 1 : 0;
                // The labels keep the fiat figure of a loss given in two units, even in different sentences.
                f[53] = victimAmounts.Any(x => x != a && x.IsFiat != a.IsFiat) ? (a.IsFiat ? 1 : -1) : 0;
                break;
            case DateMention d:
                f[25] = d.DayPrecision ? 1 : 0;
                f[26] = d.Kind is DateKind.Absolute or DateKind.DayMonth ? 1 : 0;
                f[27] = d.Kind == DateKind.Relative ? 1 : 0;
                f[28] = d.Kind == DateKind.Weekday ? 1 : 0;
                f[29] = doc.Published is { } p ? Log(Math.Max(0, p.DayNumber - d.Anchor.DayNumber)) : 0;
                f[30] = Near(text, d.Start, d.End, 50, Lexicon.Disclosure) ? 1 : 0;
                f[31] = Near(text, d.Start, d.End, 50, Lexicon.Theft) ? 1 : 0;
                f[32] = Before(text, d.Start, 4, OnBefore()) ? 1 : 0;
                f[33] = d.Kind == DateKind.MonthOnly ? 1 : 0;
                f[52] = d.YearFromContext ? 1 : 0;
                // "the 2022 Ronin hack ... In March, ...": does the reading's year agree with a year written beside the victim?
                f[36] = VictimYearAgreement(c, v, d.Anchor.Year);
                f[37] = d.YearFromArticle ? 1 : 0;
                // The day of a charge, plea or sentence is not the day of the theft.
                f[34] = Near(text, d.Start, d.End, 60, Lexicon.Charged) ? 1 : 0;
                f[35] = cues.Enforcement ? 1 : 0;
                break;
            case NamedGroup grp when cand.Kind == Decision.Actor:
                f[34] = cues.Attribution ? 1 : 0;
                f[35] = cues.Negation ? 1 : 0;
                f[36] = Log(grp.Mentions.Count);
                f[37] = grp.InTitle ? 1 : 0;
                f[38] = Frac(grp.Mentions, m => c.Cues[doc.SentenceAt(m.Start).Index].Attribution);
                f[39] = grp.Mentions.Count(m => Regex.IsMatch(m.Text, "^(Lazarus|TraderTraitor|APT38|Jade Sleet|UNC\\d+|.*Drainer|Predatory Sparrow)", RegexOptions.IgnoreCase)) > 0 ? 1 : 0;
                f[40] = grp.IsPerson ? 1 : 0;
                f[41] = Frac(grp.Mentions, m => c.Cues[doc.SentenceAt(m.Start).Index].Enforcement);
                f[42] = Gazetteer.GivenNames.Contains(grp.Canonical.Split(' ')[0]) ? 1 : 0;
                // A person quoted or named by a role is usually a source; one charged is usually the thief.
                f[43] = Frac(grp.Mentions, m => Near(text, m.Start, m.End, 40, Lexicon.Speech));
                f[44] = Frac(grp.Mentions, m => Near(text, m.Start, m.End, 60, Lexicon.Charged));
                f[45] = Frac(grp.Mentions, m => Near(text, m.Start, m.End, 40, Lexicon.Role));
                break;
            case NamedGroup grp:
                f[40] = cues.Laundering ? 1 : 0;
                f[41] = cues.Enforcement ? 1 : 0;
                f[42] = Log(grp.Mentions.Count);
                f[43] = c.Actors.Any(a => a.Mentions.Any(m => m.Start >= sent.Start && m.Start < sent.End)) ? 1 : 0;
                f[44] = Frac(grp.Mentions, m => c.Cues[doc.SentenceAt(m.Start).Index].Laundering);
                f[45] = Frac(grp.Mentions, m => c.Cues[doc.SentenceAt(m.Start).Index].Enforcement);
                f[54] = Frac(grp.Mentions, m => Near(text, m.Start, m.End, 60, Lexicon.Funding));
                break;
        }
        var ctx = new StringBuilder(Window(c, best.Start, best.End, 6));
        if (sd == 0)
        {
            var vm = v.Mentions.Where(m => m.Start >= sent.Start && m.Start < sent.End).OrderBy(m => Math.Abs(m.Start - best.Start)).First();
            var (from, to) = vm.End <= best.Start ? (vm.End, best.Start) : (best.End, vm.Start);
            if (to > from) ctx.Append(' ').Append(Words(text[from..to], "b_"));
            ctx.Append(vm.End <= best.Start ? " victimbefore" : " victimafter");
        }
        // An amount's whole sentence ("of which", "recovered", "bounty", "in total"): better amounts, worse dates and mixers.
        if (cand.Kind == Decision.Amount) ctx.Append(' ').Append(Words(sent.Text, "s_"));
        return new CandidateInput { Numeric = f, Context = ctx.ToString() };
    }

    // ---------- a further theft of the same victim ----------

    /// <summary>
    /// Is <paramref name="amount"/> the loss of another theft of victim <paramref name="v"/> (an earlier hack of the
    /// same exchange), rather than a restatement, conversion, revision or recovered part of the loss already taken?
    /// <paramref name="mainUsd"/> and <paramref name="mainDate"/> are the amount (rough USD) and date of the victim's
    /// main incident, when known.
    /// </summary>
    public static CandidateInput Split(CandidateSet c, Entity v, IReadOnlyList<Entity> victims, FieldCandidate amount, decimal? mainUsd, string? mainDate)
    {
        var row = Pair(c, v, victims, amount);
        var f = row.Numeric;
        var doc = c.Document;
        var text = doc.Text;
        var money = (MoneyMention)amount.Source;
        var sent = doc.SentenceAt(amount.Start);
        var datesIn = c.Dates.Where(d => d.Start >= sent.Start && d.Start < sent.End).ToList();
        f[25] = datesIn.Count > 0 ? 1 : 0;
        f[26] = doc.Published is { } p && datesIn.Count > 0 ? Log(datesIn.Max(d => Math.Max(0, p.DayNumber - d.Anchor.DayNumber))) : 0;
        f[27] = mainDate is null ? 0.5f : datesIn.Count == 0 ? 0.25f : datesIn.Any(d => !Normalize.SameDate(d.Iso, mainDate) && !Normalize.SameDate(mainDate, d.Iso)) ? 1 : 0;
        f[28] = Recurrence().IsMatch(sent.Text) ? 1 : 0;
        f[29] = Near(text, money.Start, money.End, 60, Recurrence()) ? 1 : 0;
        var usd = Normalize.RoughUsd(money.Value, money.Currency);
        f[30] = mainUsd is > 0 && usd > 0 ? (float)Math.Min(4, Math.Abs(Math.Log10((double)(usd / mainUsd.Value)))) : -1;
        var victimSentences = v.Mentions.Select(m => doc.SentenceAt(m.Start).Index).ToHashSet();
        f[31] = Log(c.Amounts.Where(a => victimSentences.Contains(doc.SentenceAt(a.Start).Index)).Select(a => Math.Round(Math.Log10((double)Math.Max(1, Normalize.RoughUsd(a.Value, a.Currency))), 1)).Distinct().Count());
        f[32] = Log(victimSentences.Count(i => c.Cues[i].Theft));
        f[33] = doc.Published is { } pub && Year().Match(sent.Text) is { Success: true } y && int.Parse(y.Value, System.Globalization.CultureInfo.InvariantCulture) < pub.Year ? 1 : 0;
        return row; // Pair gave the amount's sentence words
    }

    // ---------- primary incident ----------

    public static CandidateInput Primary(CandidateSet c, Entity v, IReadOnlyList<Entity> victims)
    {
        var row = Victim(c, v, sentenceWords: false);
        var f = row.Numeric;
        f[41] = victims.Count(x => x.Mentions.Count > v.Mentions.Count);
        f[42] = victims.Count(x => x.First < v.First);
        f[43] = Log(victims.Count);
        f[44] = victims.Count(x => x.TitleMentions > v.TitleMentions);
        return row;
    }

    // ---------- helpers ----------

    /// <summary>
    /// True when one of the next two sentences of <paramref name="s"/>'s paragraph reports a theft with an amount and
    /// names no entity, and <paramref name="e"/> is the last entity named before it.
    /// </summary>
    private static bool NextTheftSentenceIsAbout(CandidateSet c, Sentence s, Entity e)
    {
        var sentences = c.Document.Sentences;
        for (var i = s.Index + 1; i <= s.Index + 2 && i < sentences.Count; i++)
        {
            var next = sentences[i];
            if (next.Paragraph != s.Paragraph) return false;
            var named = c.Entities.Any(x => x.Mentions.Any(m => m.Start >= next.Start && m.Start < next.End));
            if (named) return false;
            if (!c.Cues[i].Theft || !c.HasAmount(next)) continue;
            // The last entity named before this sentence.
            var last = c.Entities.SelectMany(x => x.Mentions.Select(m => (x, m.Start))).Where(x => x.Start < next.Start)
                .OrderByDescending(x => x.Start).FirstOrDefault();
            return last.x == e;
        }
        return false;
    }

    /// <summary>
    /// 1 when <paramref name="year"/> is written in digits in a sentence naming <paramref name="v"/>, -1 when other
    /// years are written there and this one is not, 0 when none is.
    /// </summary>
    private static float VictimYearAgreement(CandidateSet c, Entity v, int year)
    {
        var doc = c.Document;
        var any = false;
        foreach (var index in v.Mentions.Select(m => doc.SentenceAt(m.Start).Index).Distinct())
            foreach (Match y in Year().Matches(doc.Sentences[index].Text))
            {
                if (int.Parse(y.Value, System.Globalization.CultureInfo.InvariantCulture) == year) return 1;
                any = true;
            }
        return any ? -1 : 0;
    }

    /// <summary>True when only quotes or brackets stand between the sentence's start and <paramref name="at"/>.</summary>
    private static bool OpensSentence(ArticleDocument doc, int at)
    {
        var s = doc.SentenceAt(at);
        for (var i = s.Start; i < at && i < doc.Text.Length; i++)
            if (doc.Text[i] is not ('"' or '\'' or '“' or '‘' or '(' or '[' or ' ')) return false;
        return true;
    }

    /// <summary>Whether the text also has <paramref name="word"/> in lower case, as a whole word ("days", "initial").</summary>
    private static bool WrittenInLowerCase(string text, string word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]) || word.Skip(1).Any(char.IsUpper)) return false;
        var lower = word.ToLowerInvariant();
        for (var i = text.IndexOf(lower, StringComparison.Ordinal); i >= 0; i = text.IndexOf(lower, i + 1, StringComparison.Ordinal))
        {
            var end = i + lower.Length;
            if ((i == 0 || !char.IsLetterOrDigit(text[i - 1])) && (end >= text.Length || !char.IsLetterOrDigit(text[end]))) return true;
        }
        return false;
    }

    private static bool InParentheses(string text, int start, int end)
    {
        var open = text.LastIndexOf('(', Math.Max(0, start - 1), Math.Min(start, 40));
        if (open < 0 || text.IndexOf(')', open, start - open) >= 0) return false;
        var close = text.IndexOf(')', end, Math.Min(40, text.Length - end));
        return close >= 0;
    }

    /// <summary>"Justin Sun", "Taylor Monahan": two or three words, the first a common given name.</summary>
    private static bool LooksLikePerson(string name)
    {
        var parts = name.Split(' ');
        return parts.Length is 2 or 3 && Gazetteer.GivenNames.Contains(parts[0]) && parts.All(p => p.Length > 1 && char.IsUpper(p[0]));
    }

    [GeneratedRegex(@"\b(?:on|onto|to|via|across|through|bridged to|deployed on|built on)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex OntoBefore();

    [GeneratedRegex(@"\b(?:stole|stolen|steal|drained|siphoned|taken|took|swiped|looted|lost|withdrawn|exploited|pilfered|emptied|moved|theft|thefts|heist|hack|loss|losses)\b(?:[^.]|\.(?=\d)){0,80}\bfrom\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAfterTheft();

    [GeneratedRegex(@"^(?:'s)?\s+(?:\w+\s+){0,3}?(?:was|were|has been|had been|got|is|said it|says it|confirmed it|announced it|disclosed it)?\s*(?:hacked|exploited|breached|drained|compromised|attacked|lost|suffered|hit|targeted|fell victim)\b", RegexOptions.IgnoreCase)]
    private static partial Regex VictimVerbAfter();

    // "Alphapo, a processor that also serves online casinos, lost about $60 million": the verb after an apposition.
    [GeneratedRegex(@"^(?:'s)?,[^.;]{3,100}?,\s+(?:\w+\s+){0,2}?(?:was|were|has been|had been|got|is|said it|says it|confirmed it)?\s*(?:hacked|exploited|breached|drained|compromised|attacked|lost|suffered|hit|targeted|fell victim)\b", RegexOptions.IgnoreCase)]
    private static partial Regex VictimVerbAfterApposition();

    [GeneratedRegex(@"^(?:'s)?\s*(?:\w+\s+)?(?:hack|hacks|exploit|breach|heist|attack|incident|theft|compromise|drain)\b", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentNounAfter();

    [GeneratedRegex(@"\b(?:attack on|breach at|breach of|hack of|hack on|hack at|exploit of|exploit on|theft from|theft at|heist at|heist on|victim,?|victims,?|targeting|targeted|drained|hit|compromise of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex AttackOnBefore();

    [GeneratedRegex(@"^(?:'s)?\s+(?:crypto(?:currency)?\s+|digital[- ]asset\s+|decentrali[sz]ed\s+|DeFi\s+|lending\s+|cross-chain\s+)?(?:exchange|protocol|bridge|platform|wallet|network|game|lender|trading|custod)", RegexOptions.IgnoreCase)]
    private static partial Regex DescriptorAfter();

    [GeneratedRegex(@"\b(?:according to|firm|firms|company|researchers at|analysts at|analysis by|data from|report by|investigators at|tracked by|said|told|security firm|analytics firm|blockchain analytics|with help from|partnered with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceCueBefore();

    [GeneratedRegex(@"\b(?:first|second|third|earlier|previous|previously|prior|again|another|separate|last year|before that|once more|repeat|twice|years? (?:ago|earlier|before)|months? (?:ago|earlier|before))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Recurrence();

    [GeneratedRegex(@"\b(?:19|20)\d\d\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"^['’]s\b")]
    private static partial Regex Possessive();

    [GeneratedRegex(@"\b(?:now|revised|raised|rose|risen|climbed|grew|grown|updated|later|latest|final|actually|up to|increased|jumped|ballooned|to more than|to over|to about|to roughly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Revision();

    [GeneratedRegex(@"^\s*(?:blockchain|network|chain|mainnet|ecosystem|layer|L2|sidechain)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChainAfter();

    [GeneratedRegex(@"^\s*(?:tokens?|coins?|stablecoins?|governance tokens?|price)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TokenAfter();

    [GeneratedRegex(@"^['’]s\s+(?:[\w$€£¥₩.,-]+\s+){0,5}?(?:hack|hacks|theft|heist|exploit|breach|attack|loss|losses|drain|compromise|incident)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveIncidentAfter();

    [GeneratedRegex(@"^,?\s*(?:which|that|who)\s+(?:\w+\s+){0,2}(?:was|were|had been|lost|suffered|saw|fell)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeClauseAfter();

    [GeneratedRegex(@"^(?:'s)?(?:,[^.;,]{1,40},)?\s+(?:\w+\s+){0,2}?(?:was|were|has been|had been|is|has|had|will be|later|also)?\s*(?:charged|indicted|pleaded|pleads|sentenced|arrested|convicted|extradited|detained|confessed|admitted|jailed|stole|laundered|faces|allegedly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChargedAfter();

    [GeneratedRegex(@"\b(?:charged|charging|indicted|sentenced|sentencing|arrested|arresting|convicted|extradited|extraditing|detained|jailed|defendant|accused|suspect|hacker|thief|prosecutors? said)\s+(?:\w+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex ChargedBefore();

    [GeneratedRegex(@"(?<![\d,.])(?!(?:19|20)\d\d\s+$)\d(?:[\d,.]*\d)?\s*(?:k|m|bn|thousand|million|billion|trillion)?\s+(?:worth of\s+|of\s+(?:its\s+|the\s+)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityBefore();

    [GeneratedRegex(@"^\s+(?:said|says|told|noted|added|wrote|estimated|reported|found|tracked|flagged)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SaidAfter();

    [GeneratedRegex(@"\b(?:on|since|from)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex OnBefore();

    private static float Log(double x) => (float)Math.Log(1 + Math.Max(0, x));

    private static float Frac<T>(IReadOnlyCollection<T> items, Func<T, bool> pred) => items.Count == 0 ? 0 : (float)items.Count(pred) / items.Count;

    private static bool Pattern(string text, NameMention m, Regex r)
    {
        var s = Math.Max(0, m.Start - 140);
        return r.IsMatch(text[s..m.Start]);
    }

    private static bool After(string text, int end, int width, Regex r) => r.IsMatch(text.AsSpan(end, Math.Min(width, text.Length - end)).ToString());

    private static bool Before(string text, int start, int width, Regex r)
    {
        var s = Math.Max(0, start - width);
        return r.IsMatch(text[s..start]);
    }

    private static bool Near(string text, int start, int end, int width, Regex r)
    {
        var s = Math.Max(0, start - width);
        var e = Math.Min(text.Length, end + width);
        return r.IsMatch(text[s..start]) || r.IsMatch(text[end..e]);
    }

    private static int SentenceDistance(CandidateSet c, Entity v, int offset)
    {
        var si = c.Document.SentenceAt(offset).Index;
        var best = int.MaxValue;
        foreach (var m in v.Mentions) best = Math.Min(best, Math.Abs(c.Document.SentenceAt(m.Start).Index - si));
        return best == int.MaxValue ? 99 : best;
    }

    private static int CharDistance(Entity v, int offset) => v.Mentions.Count == 0 ? int.MaxValue : v.Mentions.Min(m => Math.Abs(m.Start - offset));

    private static int TokenDistance(CandidateSet c, Entity v, int offset)
    {
        var t = c.TokenIndex(offset);
        return v.Mentions.Min(m => Math.Abs(c.TokenIndex(m.Start) - t));
    }

    private static float MinTokenDistanceToAmount(CandidateSet c, Entity e)
    {
        var best = 30;
        foreach (var m in e.Mentions)
        {
            var s = c.Document.SentenceAt(m.Start);
            foreach (var a in c.Amounts)
                if (a.Start >= s.Start && a.Start < s.End)
                    best = Math.Min(best, Math.Abs(c.TokenIndex(a.Start) - c.TokenIndex(m.Start)));
        }
        return best;
    }

    private static string Window(CandidateSet c, int start, int end, int width)
    {
        var text = c.Document.Text;
        var ti = c.TokenIndex(start);
        var te = c.TokenIndex(Math.Max(start, end - 1));
        var from = c.TokenStarts[Math.Max(0, ti - width)];
        var to = te + width + 1 < c.TokenStarts.Length ? c.TokenStarts[te + width + 1] : text.Length;
        var left = from < start ? text[from..start] : "";
        var right = end < to ? text[end..to] : "";
        return Words(left, "l_") + " " + Words(right, "r_");
    }

    private static string Words(string s, string prefix)
    {
        var sb = new StringBuilder();
        foreach (Match m in Word().Matches(s))
        {
            var w = m.Value.ToLowerInvariant();
            if (char.IsDigit(w[0])) w = "num";
            sb.Append(prefix).Append(w).Append(' ');
        }
        return sb.ToString();
    }
}
