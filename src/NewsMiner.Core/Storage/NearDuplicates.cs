namespace NewsMiner.Core.Storage;

/// <summary>
/// Near-duplicate texts (one wire story syndicated on several sites, with other boilerplate and small edits): the
/// Jaccard similarity of the two texts' sets of word 4-grams ("shingles"), found through MinHash with banding
/// (locality-sensitive hashing) so that a lookup reads a few index entries instead of every stored text.
/// </summary>
/// <remarks>
/// Two texts are near-duplicates when at least <see cref="Threshold"/> of their shingles are shared (exact Jaccard,
/// computed on the candidates' stored texts). On the labelled corpus (468 articles), the closest two different
/// articles share 0.064, though 104 pairs report the same theft; a copy of each with a note and a credit line added,
/// 2% of its words changed and a paragraph cut shares 0.51 or more (median 0.70): see NearDuplicateTests. A missed
/// copy only adds a source to an incident, a false merge loses an article: the threshold leans to keeping articles
/// apart. The signature is <see cref="Hashes"/>
/// minima, cut into <see cref="Bands"/> bands of <see cref="Rows"/>; two texts become candidates when a band is equal,
/// which happens with probability 1 - (1 - J^2)^24: 0.985 at J = 0.4, 0.999 at J = 0.5, 0.06 at J = 0.05.
/// The hash functions are fixed: stored band keys stay valid across versions.
/// </remarks>
internal static class NearDuplicates
{
    /// <summary>Words per shingle.</summary>
    public const int ShingleWords = 4;

    /// <summary>Bands of the MinHash signature; each is one indexed key.</summary>
    public const int Bands = 24;

    /// <summary>MinHash values per band.</summary>
    public const int Rows = 2;

    public const int Hashes = Bands * Rows;

    /// <summary>Least Jaccard similarity of the shingle sets for two texts to be one article.</summary>
    public const double Threshold = 0.4;

    /// <summary>Texts shorter than this (in words) are never near-duplicates: too little text to judge.</summary>
    public const int MinWords = 50;

    /// <summary>Most candidates verified per lookup (those sharing the most bands first): bounds the work per article.</summary>
    public const int MaxCandidates = 50;

    private static readonly ulong[] Seeds = MakeSeeds();

    /// <summary>The text's shingles as 64-bit hashes (case and punctuation ignored), or an empty set for a text under <see cref="MinWords"/> words.</summary>
    public static HashSet<ulong> Shingles(string text)
    {
        var words = new List<ulong>(text.Length / 6);
        ulong h = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord) { h = 0xcbf29ce484222325; inWord = true; }
                h = (h ^ char.ToLowerInvariant(c)) * 0x100000001b3;
            }
            else if (inWord)
            {
                words.Add(h);
                inWord = false;
            }
        }
        if (inWord) words.Add(h);
        var set = new HashSet<ulong>();
        if (words.Count < MinWords) return set;
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            var s = 0x9e3779b97f4a7c15UL;
            for (var j = 0; j < ShingleWords; j++) s = Mix(s ^ words[i + j]);
            set.Add(s);
        }
        return set;
    }

    /// <summary>The band keys of a shingle set (empty for an empty set): one indexed key per band.</summary>
    public static long[] BandKeys(HashSet<ulong> shingles)
    {
        if (shingles.Count == 0) return [];
        Span<ulong> min = stackalloc ulong[Hashes];
        min.Fill(ulong.MaxValue);
        foreach (var s in shingles)
            for (var i = 0; i < Hashes; i++)
            {
                var v = Mix(s ^ Seeds[i]);
                if (v < min[i]) min[i] = v;
            }
        var keys = new long[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var k = Mix((ulong)(b + 1) * 0xbf58476d1ce4e5b9UL);
            for (var r = 0; r < Rows; r++) k = Mix(k ^ min[b * Rows + r]);
            keys[b] = unchecked((long)k);
        }
        return keys;
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 0 when either set is empty.</summary>
    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var s in small) if (large.Contains(s)) shared++;
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>MurmurHash3's 64-bit finaliser: a bijection that mixes every input bit into every output bit.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>Fixed seeds (SplitMix64 from a constant), one per hash function.</summary>
    private static ulong[] MakeSeeds()
    {
        var seeds = new ulong[Hashes];
        var state = 0x4e6577734d696e65UL; // "NewsMine"
        for (var i = 0; i < seeds.Length; i++)
        {
            state += 0x9e3779b97f4a7c15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
            seeds[i] = z ^ (z >> 31);
        }
        return seeds;
    }
}
