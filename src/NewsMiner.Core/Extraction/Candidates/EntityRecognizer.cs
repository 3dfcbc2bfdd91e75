using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

/// <summary>
/// Proposes candidate victims: runs of capitalised (or camel-cased, like zkLend and 1inch) name tokens, and names
/// from the organisations list, grouped into entities by a normalised key. It proposes; the victim model decides.
/// </summary>
internal static partial class EntityRecognizer
{
    [GeneratedRegex(@"(?<![\w.])(?:(?:[A-Z][\p{L}\p{N}]*(?:[.&'’\-][\p{L}\p{N}]+)*|[a-z0-9]+[A-Z][\p{L}\p{N}]*(?:\.[a-z]+)?|\d+[a-z]+[A-Z]?[a-z]*)(?:[ \t]+(?=[A-Z0-9]))?)+(?![\w])")]
    private static partial Regex NameRun();

    private static readonly HashSet<string> LeadingStop = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "In", "On", "At", "But", "And", "Or", "According", "As", "After", "Before", "When", "While",
        "Last", "This", "That", "These", "Those", "It", "Its", "His", "Her", "Their", "Our", "We", "He", "She", "They",
        "However", "Meanwhile", "Also", "So", "Yet", "If", "For", "From", "By", "With", "Since", "Despite", "Although",
        "Earlier", "Later", "Now", "Today", "Yesterday", "Both", "Some", "Many", "Most", "One", "Two", "Three", "Several",
        "Such", "Other", "Another", "Each", "Every", "All", "No", "Not", "Under", "Over", "Through", "Unlike", "Like",
        "Following", "During", "Until", "Once", "Where", "What", "Which", "Who", "Why", "How", "There", "Here", "Then",
        "Still", "Even", "Only", "Just", "Instead", "Separately", "Further", "Furthermore", "Moreover", "Additionally",
        "Overall", "Elsewhere", "Analysts", "Researchers", "Investigators", "Officials", "Users", "Customers", "Hackers",
        "Attackers", "Police", "Prosecutors", "Authorities", "Read", "Share", "Related", "More", "See", "Photo", "Image",
        "Source", "Update", "Updated", "Editor", "Note", "Disclaimer", "About", "Contact", "Sign", "Subscribe", "Click", "Follow",
        "Mr", "Mrs", "Ms", "Dr", "Critics", "Experts", "Observers", "Traders", "Investors", "Developers", "Victims",
        "Regulators", "Lawmakers", "Agents", "Sources", "Reports", "Losses", "Funds", "Blockchain", "Onchain", "On-chain",
        // Roles written before a name at the start of a sentence ("Singer Jay Chou said..."), and sentence-opening
        // participles ("Counting Superfluid, ...").
        "Singer", "Actor", "Actress", "Rapper", "Comedian", "Director", "Investor", "Entrepreneur", "Founder",
        "Co-founder", "Cofounder", "Billionaire", "Chairman", "Chairwoman", "Executive", "Collector", "Artist", "Musician",
        "Streamer", "Influencer", "YouTuber", "Developer", "Analyst", "Researcher", "Lawyer", "Attorney", "Spokesperson",
        "Spokesman", "Spokeswoman", "Counting", "Including", "Excluding", "Citing", "Using", "Adding", "Noting", "Calling",
        "Describing", "Speaking", "Writing", "Commenting", "Responding", "Quoting", "Comparing", "Asked", "Given",
        // Prepositions that open a sentence ("Of the 3.5 billion yen, ...").
        "Of", "To", "Into", "Onto", "Upon", "Within", "Without", "Among", "Amid", "Against", "Toward", "Towards", "Per",
        "Via", "Regarding", "Concerning", "Beyond", "Behind", "Between", "Around",
        "Because", "Unless", "Whereas", "Whilst", "Though", "Thus", "Hence", "Therefore", "Indeed", "Nevertheless",
        "Nonetheless", "Otherwise", "Rather", "Perhaps", "Besides", "Consequently", "Ultimately", "Neither", "Either", "Nor", "Whether", "Did", "Does", "Do", "Is", "Are", "Was", "Were", "Taiwan's", "Korea's", "Japan's", "India's", "Turkey's", "China's", "Singapore's",
    };

    private static readonly HashSet<string> NonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Jan", "Feb", "Mar",
        "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "US", "U.S", "U.S.", "UK", "EU", "USD", "ETH", "BTC",
        "Taiwanese", "Taiwan", "Korean", "Korea", "South", "North", "Japanese", "Japan", "Indian", "India", "Turkish",
        "Turkey", "Chinese", "China", "American", "America", "Singapore", "Vietnamese", "Thai", "Indonesian", "Indonesia",
        "Iranian", "Iran", "Israeli", "Israel", "Russian", "Russia", "European", "Europe", "British", "Australian",
        "Australia", "Canadian", "German", "French", "Dutch", "Swiss", "Hong", "Kong", "New", "Zealand", "Asian", "Asia",
        "DeFi", "NFT", "NFTs", "CEO", "CTO", "CFO", "COO", "Web3", "Crypto", "Cryptocurrency", "Bitcoin", "Ether",
        "Ethereum", "Blockchain", "I", "TVL", "DEX", "CEX", "API", "KYC", "AML", "PDT", "EST", "UTC", "GMT", "AEST",
        "Mainnet", "Layer", "Twitter", "X", "Telegram", "Discord", "Stablecoin", "Token", "Tokens", "Mr.", "Ms.",
        // Places and holidays: where and when, never who.
        "Tokyo", "Seoul", "Osaka", "Taipei", "Beijing", "Shanghai", "Shenzhen", "Mumbai", "Delhi", "Bengaluru", "Istanbul",
        "Ankara", "Dubai", "Abu", "Dhabi", "London", "Paris", "Berlin", "Zurich", "Zug", "Geneva", "Amsterdam", "Tallinn",
        "Vilnius", "Moscow", "Kyiv", "Lagos", "Nairobi", "Sydney", "Melbourne", "Toronto", "Vancouver", "Miami", "Washington",
        "York", "Francisco", "Los", "Angeles", "Chicago", "Jakarta", "Manila", "Hanoi", "Bangkok", "Kuala", "Lumpur",
        "Seychelles", "Cayman", "Islands", "Bahamas", "Malta", "Gibraltar", "Estonia", "Lithuania", "Switzerland", "Germany",
        "France", "Netherlands", "Britain", "England", "Canada", "Brazil", "Nigeria", "Vietnam", "Thailand", "Philippines",
        "Malaysia", "Pakistan", "Ukraine", "Kazakhstan", "Argentina", "Mexico", "Eve", "Christmas", "Easter", "Thanksgiving",
        "Valentine's", "Year's", "New", "Western", "Eastern", "Northern", "Southern",
        "SIM", "Day", "Spanish", "Italian", "Portuguese", "Polish", "Swedish", "Danish", "Norwegian", "Finnish", "Greek", "Irish",
        "Scottish", "Mexican", "Brazilian", "Argentine", "Nigerian", "Kenyan", "Ukrainian", "Kazakh", "Filipino", "Malaysian",
        "Pakistani", "Bangladeshi", "Saudi", "Emirati", "Egyptian", "Moroccan", "Colombian", "Venezuelan", "Chilean",
    };

    [GeneratedRegex(@"-(based|registered|listed|headquartered|owned|backed|linked|focused|native|compatible|born|run|style|era|founded|incorporated|domiciled|affiliated|funded|sponsored|swap|swapping|swapped)$|^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s$", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    private static readonly HashSet<string> Descriptors = new(StringComparer.OrdinalIgnoreCase)
    {
        "exchange", "protocol", "bridge", "network", "platform", "finance", "labs", "lab", "markets", "capital", "the",
        "wallet", "dao", "chain", "inc", "ltd", "corp", "co", "group", "limited", "company", "app", "defi",
        "ag", "gmbh", "sa", "plc", "llc", "pte", "bv", "kk", "corporation", "incorporated",
    };

    /// <summary>A name made only of descriptor words ("DAO", "Exchange"): it needs its article ("The DAO").</summary>
    public static bool IsDescriptorOnly(string name) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts && parts.All(Descriptors.Contains);

    /// <summary>Normalised key used to group mentions and to compare names ("Taiwan's BitoPro exchange" → "bitopro").</summary>
    public static string Key(string name)
    {
        var s = name.Replace("’", "'").Replace("'s", "").Replace(".", "").Replace("-", " ").ToLowerInvariant();
        var tokens = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = tokens.Where(t => !Descriptors.Contains(t) && !NonNames.Contains(t)).ToArray();
        if (kept.Length > 0) return string.Join(' ', kept);
        // A name made of descriptors only ("The DAO", "The Exchange"): keep them, without a leading article.
        var named = tokens.SkipWhile(t => t == "the").ToArray();
        return string.Join(' ', named.Length > 0 ? named : tokens);
    }

    /// <summary>
    /// True when two names refer to the same victim: equal keys, or one key's tokens begin the other's, or one is
    /// the surname of the other, a person's name ("Terpin", "Michael Terpin"), or two names the organisation list gives
    /// for one organisation ("Axie Infinity", "Ronin Network").
    /// </summary>
    public static bool SameName(string a, string b)
    {
        var ka = Key(a).Split(' ');
        var kb = Key(b).Split(' ');
        if (ka.SequenceEqual(kb)) return true;
        if (Gazetteer.Organisations.Canonical(a) is { } ca && ca == Gazetteer.Organisations.Canonical(b)) return true;
        var (shorter, longer, longName) = ka.Length <= kb.Length ? (ka, kb, b) : (kb, ka, a);
        if (shorter.Length > 0 && shorter[0].Length >= 3 && longer.Take(shorter.Length).SequenceEqual(shorter)) return true;
        return shorter.Length == 1 && shorter[0].Length >= 3 && longer.Length > 1 && longer[^1] == shorter[0] && LooksLikePersonName(longName);
    }

    [GeneratedRegex(@"^(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.)$")]
    private static partial Regex PersonToken();

    /// <summary>
    /// "Avraham Eisenberg", "Ilya Lichtenstein": two or three capitalised words, none a company descriptor
    /// ("Finance", "Labs"), not a listed organisation. A shape, not a decision: the models weigh it.
    /// </summary>
    public static bool LooksLikePersonName(string name)
    {
        var parts = name.Split(' ');
        if (parts.Length is < 2 or > 3 || !parts.All(p => PersonToken().IsMatch(p))) return false;
        if (parts.Any(p => Descriptors.Contains(p) || NonNames.Contains(p))) return false;
        return !Gazetteer.Organisations.Contains(name) && !Gazetteer.NonVictims.Contains(name) && !Gazetteer.Chains.Contains(name);
    }

    public static List<Entity> Find(string text, string title, IReadOnlyList<(int Start, int End)> taken)
    {
        var mentions = Mentions(text, taken);
        var byKey = new Dictionary<string, Entity>();
        foreach (var m in mentions)
        {
            var key = Key(m.Text);
            if (!byKey.TryGetValue(key, out var e)) byKey[key] = e = new Entity(key);
            e.Mentions.Add(m);
        }
        foreach (var t in Mentions(title, []))
        {
            var key = Key(t.Text);
            if (byKey.TryGetValue(key, out var e)) { e.InTitle = true; e.TitleMentions++; }
            else
            {
                // A title name that the body only uses with a prefix ("Ronin" vs "Ronin Network").
                var match = byKey.Values.FirstOrDefault(x => SameName(x.Key, key));
                if (match is not null) { match.InTitle = true; match.TitleMentions++; }
            }
        }
        var headings = HeadingLines(text);
        var named = byKey.Values.Where(e => headings.Count == 0 || e.Mentions.Any(m => !headings.Any(h => h.Start <= m.Start && m.End <= h.End))).ToList();
        return MergeOperators(text, named).OrderBy(e => e.First).ToList();
    }

    /// <summary>
    /// Lines of the text set in title case, as section headings and notice titles are ("Notice Regarding the
    /// Unauthorized Outflow of Crypto Assets at Our Consolidated Subsidiary"): three or more words, no closing full
    /// stop, and nearly every word of four letters or more capitalised. A name found only in such lines is not
    /// proposed: there, capitals mark the heading, not a name; a real name is also written in the body.
    /// </summary>
    private static List<(int Start, int End)> HeadingLines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(start, end - start).Trim();
            if (line.Length > 0 && line[^1] is not ('.' or '!' or '?' or ':' or ','))
            {
                var words = line.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var content = words.Where(w => w.Length >= 4 && char.IsLetter(w[0])).ToList();
                if (words.Length >= 3 && content.Count >= 3 && content.Count(w => char.IsUpper(w[0])) >= 0.8 * content.Count)
                    lines.Add((start, end));
            }
            start = end + 1;
        }
        return lines;
    }

    /// <summary>
    /// Two names the text itself says are a platform and the company that runs it ("Zaif, run by Osaka-based Tech
    /// Bureau", "Dunamu, the operator of Upbit", "Ronin's developer Sky Mavis", "Remixpoint's subsidiary Bitpoint")
    /// name one victim: their mentions become one entity, shown by the name used most (as the labelling guide asks).
    /// Only adjacent mentions in one sentence, joined by such words and nothing else, are merged; people and names on
    /// the non-victims list never are. Ownership alone ("Trust Wallet, owned by Binance") does not merge: a parent
    /// group is a victim of its own thefts.
    /// </summary>
    private static List<Entity> MergeOperators(string text, List<Entity> entities)
    {
        var mentions = entities.Where(e => !e.Mentions.Any(m => Gazetteer.NonVictims.Contains(m.Text) || (LooksLikePersonName(m.Text) && Gazetteer.GivenNames.Contains(m.Text.Split(' ')[0]))))
            .SelectMany(e => e.Mentions.Select(m => (Entity: e, Mention: m))).OrderBy(x => x.Mention.Start).ToList();
        var parent = entities.ToDictionary(e => e, e => e);
        Entity Root(Entity e)
        {
            while (parent[e] != e) e = parent[e];
            return e;
        }
        var merged = false;
        for (var i = 0; i + 1 < mentions.Count; i++)
        {
            var (a, ma) = mentions[i];
            var (b, mb) = mentions[i + 1];
            if (a == b || mb.Start <= ma.End || mb.Start - ma.End > 70) continue;
            if (!OperatorGap().IsMatch(text.AsSpan(ma.End, mb.Start - ma.End))) continue;
            var (ra, rb) = (Root(a), Root(b));
            if (ra == rb) continue;
            parent[rb] = ra;
            merged = true;
        }
        if (!merged) return entities;
        var result = new List<Entity>();
        foreach (var group in entities.GroupBy(Root))
        {
            if (group.Count() == 1) { result.Add(group.First()); continue; }
            var main = group.OrderByDescending(e => e.Mentions.Count).ThenBy(e => e.First).First();
            var e = new Entity(main.Key) { InTitle = group.Any(x => x.InTitle), TitleMentions = group.Sum(x => x.TitleMentions) };
            e.Mentions.AddRange(group.SelectMany(x => x.Mentions).OrderBy(m => m.Start));
            result.Add(e);
        }
        return result;
    }

    [GeneratedRegex(@"^(?:,\s+(?:(?:which|that)\s+is\s+|(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}?)?(?:run|operated|developed|built|created|managed|maintained)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?" +
        @"|,\s+(?:the|its)\s+(?:[\w-]+\s+){0,2}?(?:(?:operator|developer|parent company|parent)\s+(?:behind|of)|(?:company|firm|studio|startup|team)\s+behind)\s+(?:the\s+)?" +
        @"|,\s+which\s+(?:runs|operates|developed|built|created|manages|maintains)\s+(?:the\s+)?" +
        @"|(?:['’]s)?\s+(?:(?!(?:and|or|but|with|from|to|by|of|for|as|at|in|on|its|their|the)\s)[\w-]+\s+){0,2}?(?:operator|developer|parent company|parent firm|parent)\s*,?\s+" +
        @"|(?:['’]s)?\s+(?:subsidiary|unit)\s+" +
        @"|,\s+(?:a|the|its)\s+(?:[\w-]+\s+){0,2}?(?:subsidiary|unit|arm)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,1}?)$", RegexOptions.IgnoreCase)]
    private static partial Regex OperatorGap();

    private static List<NameMention> Mentions(string text, IReadOnlyList<(int Start, int End)> taken)
    {
        var list = new List<NameMention>();
        foreach (Match m in NameRun().Matches(text))
            AddSpan(list, text, m.Index, m.Value, taken);
        foreach (var g in Gazetteer.Organisations.Find(text))
        {
            if (list.Any(x => x.Start <= g.Start && g.End <= x.End)) continue;
            list.RemoveAll(x => g.Start <= x.Start && x.End <= g.End);
            if (!Overlaps(taken, g.Start, g.End)) list.Add(g with { Canonical = g.Text });
        }
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return list;
    }

    private static void AddSpan(List<NameMention> list, string text, int start, string value, IReadOnlyList<(int Start, int End)> taken)
    {
        var tokens = value.TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var offsets = new List<int>();
        var pos = start;
        foreach (var t in tokens)
        {
            var idx = text.IndexOf(t, pos, StringComparison.Ordinal);
            offsets.Add(idx);
            pos = idx + t.Length;
        }
        // Split the run at tokens that cannot be part of a name, then emit each remaining sub-run.
        var headingEnds = HeadingEnds(tokens);
        var runStart = -1;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (runStart >= 0 && headingEnds.Contains(i))
            {
                Emit(list, text, tokens, offsets, runStart, i, taken);
                runStart = -1;
            }
            var ok = i < tokens.Count && IsNameToken(tokens[i], i == runStart || runStart < 0)
                     && !(runStart < 0 && IsSentenceAdverb(text, tokens[i], offsets[i]));
            if (ok && runStart < 0) runStart = i;
            if (!ok && runStart >= 0)
            {
                Emit(list, text, tokens, offsets, runStart, i, taken);
                runStart = -1;
            }
            // "Harmony's Horizon bridge", "Origin Protocol's OUSD": the possessor is the name; its product is not
            // proposed from this mention.
            if (ok && i + 1 < tokens.Count && IsPossessive(tokens[i]))
            {
                Emit(list, text, tokens, offsets, runStart, i + 1, taken);
                runStart = -1;
                while (i + 1 < tokens.Count && IsNameToken(tokens[i + 1], false)) i++;
            }
        }
    }

    /// <summary>
    /// Where an all-caps kicker ends and the sentence begins, in newsletters and digests that open a paragraph with
    /// one ("THE SUMMER CONTEXT Stake.com lost...", "REVISED The BitMart figure..."): after two or more all-caps words
    /// of three letters or more followed by a word that is not all caps, or after an all-caps word of four letters or
    /// more followed by an opening word such as "The". Acronyms inside names stay ("BNB Smart Chain", "SBI VC Trade").
    /// </summary>
    private static HashSet<int> HeadingEnds(List<string> tokens)
    {
        var ends = new HashSet<int>();
        var caps = 0;
        var previous = "";
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i].TrimEnd('.', ',', ':');
            if (t.Length >= 3 && t.All(char.IsUpper)) { caps++; previous = t; continue; }
            if (caps >= 2 || (caps == 1 && previous.Length >= 4 && LeadingStop.Contains(t))) ends.Add(i);
            caps = 0;
        }
        return ends;
    }

    /// <summary>"Unusually, ...", "Notably, ...": an -ly word followed by a comma opens a sentence, not a name.</summary>
    private static bool IsSentenceAdverb(string text, string token, int at)
    {
        var end = at + token.Length;
        return token.Length > 4 && token.EndsWith("ly", StringComparison.Ordinal) && token.Skip(1).All(char.IsLower)
               && end < text.Length && text[end] == ',';
    }

    private static bool IsPossessive(string token) =>
        token.EndsWith("'s", StringComparison.Ordinal) || token.EndsWith("’s", StringComparison.Ordinal);

    private static bool IsNameToken(string token, bool first)
    {
        var t = token.TrimEnd('.', ',');
        if (NonNames.Contains(t)) return false; // "Year's" (Day)
        if (t.EndsWith("'s", StringComparison.Ordinal) || t.EndsWith("’s", StringComparison.Ordinal)) t = t[..^2];
        if (t.Length == 0) return false;
        if (NonNames.Contains(t) || NotAName().IsMatch(t)) return false;
        if (first && LeadingStop.Contains(t)) return false;
        return true;
    }

    private static void Emit(List<NameMention> list, string text, List<string> tokens, List<int> offsets, int from, int to, IReadOnlyList<(int Start, int End)> taken)
    {
        if (to - from > 5) from = to - 5;
        var start = offsets[from];
        var lastTok = tokens[to - 1];
        var end = offsets[to - 1] + lastTok.Length;
        var surface = text[start..end];
        // Drop a possessive and trailing punctuation.
        if (surface.EndsWith("'s", StringComparison.Ordinal) || surface.EndsWith("’s", StringComparison.Ordinal)) { surface = surface[..^2]; end -= 2; }
        while (surface.Length > 0 && surface[^1] is '.' or ',' or '\'' or '’' or '-')
        {
            if (surface.EndsWith("Inc.", StringComparison.Ordinal) || surface.EndsWith("Co.", StringComparison.Ordinal) || Regex.IsMatch(surface, @"\.\w+\.$")) break;
            surface = surface[..^1];
            end--;
        }
        if (surface.Length < 2 || Overlaps(taken, start, end)) return;
        if (!surface.Any(char.IsLetter)) return;
        if (Gazetteer.Places.Contains(surface)) return; // "United States", "South Korean": where, not who
        // The start of a longer place name cut at its possessive: "Democratic People" of "Democratic People's Republic of Korea".
        if (IsPossessive(lastTok.TrimEnd('.', ',')) && StartsPlaceName(text, start, surface.Length)) return;
        list.Add(new NameMention(start, end, surface, surface));
    }

    private static bool StartsPlaceName(string text, int start, int length)
    {
        var window = text.AsSpan(start, Math.Min(80, text.Length - start)).ToString();
        return Gazetteer.Places.Find(window).Any(m => m.Start == 0 && m.End > length);
    }

    private static bool Overlaps(IReadOnlyList<(int Start, int End)> spans, int start, int end)
    {
        foreach (var (s, e) in spans) if (start < e && s < end) return true;
        return false;
    }
}
