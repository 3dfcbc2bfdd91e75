namespace NewsMiner.Core.Cleaning;

/// <summary>
/// A vocabulary of class/id words, matched ASCII-case-insensitively without a regex: <c>parts</c> match anywhere
/// ("related" in "post-related-links"), <c>words</c> only as a whole word between start, end, whitespace, '_' or '-'
/// ("nav" in "main-nav", not in "canvas"), <c>prefixes</c> only at the start of such a word ("next-post" in
/// "next-posts"), <c>suffixes</c> only at its end ("nav" in "topnav", not in "navigator"). The same as the regex
/// <c>parts|(^|[\s_-])(words)([\s_-]|$)|(^|[\s_-])(prefixes)|(suffixes)([\s_-]|$)</c> with IgnoreCase.
/// </summary>
/// <remarks>
/// Class names are tested on every element of every page and are short (25 characters on average), where a regex
/// or <c>SearchValues&lt;string&gt;</c> spends most of its time setting up: here each position costs one table
/// look-up by its two characters, and only the few words starting with them are compared. <see cref="Union"/>
/// matches several lists in the same scan and says which of them matched.
/// </remarks>
internal sealed class WordList
{
    private readonly record struct Entry(string Text, bool Left, bool Right, uint Mask);

    private const int Buckets = 128 * 128;
    private readonly Entry[] _entries;
    private readonly ushort[] _start; // entries of bucket b are _entries[_start[b].._start[b + 1]]
    private readonly uint _all;

    public WordList(string[] parts, string[]? words = null, string[]? prefixes = null, string[]? suffixes = null)
        : this(Entries(parts, words, prefixes, suffixes, 1))
    {
    }

    private WordList(List<Entry> entries)
    {
        foreach (var e in entries)
            if (e.Text.Length < 2 || e.Text.Any(c => c >= 128 || c is >= 'A' and <= 'Z'))
                throw new ArgumentException($"word list entries must be lowercase ASCII of two characters or more: '{e.Text}'", nameof(entries));
        _entries = entries.OrderBy(e => Bucket(e.Text[0], e.Text[1])).ToArray();
        if (_entries.Length > ushort.MaxValue) throw new ArgumentException("too many words", nameof(entries));
        _start = new ushort[Buckets + 1];
        var k = 0;
        for (var b = 0; b <= Buckets; b++)
        {
            while (k < _entries.Length && Bucket(_entries[k].Text[0], _entries[k].Text[1]) < b) k++;
            _start[b] = (ushort)k;
        }
        foreach (var e in _entries) _all |= e.Mask;
    }

    /// <summary>One list that matches all of <paramref name="lists"/> in one scan: bit i of <see cref="Match"/> is list i.</summary>
    public static WordList Union(params WordList[] lists)
    {
        if (lists.Length > 32) throw new ArgumentException("at most 32 lists", nameof(lists));
        var entries = new List<Entry>();
        for (var i = 0; i < lists.Length; i++)
            foreach (var e in lists[i]._entries) entries.Add(e with { Mask = 1u << i });
        return new WordList(entries);
    }

    private static List<Entry> Entries(string[] parts, string[]? words, string[]? prefixes, string[]? suffixes, uint mask)
    {
        var list = new List<Entry>();
        foreach (var w in parts) list.Add(new Entry(w, false, false, mask));
        foreach (var w in words ?? []) list.Add(new Entry(w, true, true, mask));
        foreach (var w in prefixes ?? []) list.Add(new Entry(w, true, false, mask));
        foreach (var w in suffixes ?? []) list.Add(new Entry(w, false, true, mask));
        return list;
    }

    private static int Bucket(char a, char b) => a * 128 + b;

    private static bool IsDelimiter(char c) => c is '_' or '-' || char.IsWhiteSpace(c);

    /// <summary>True when the name holds a part, a whole word, a word prefix or a word suffix of the list.</summary>
    public bool IsMatch(ReadOnlySpan<char> name) => Match(name) != 0;

    /// <summary>The lists (bits, for a <see cref="Union"/>) that have a word in the name; 0 for none.</summary>
    public uint Match(ReadOnlySpan<char> name)
    {
        var n = name.Length;
        if (n < 2) return 0;
        Span<char> lower = n <= 256 ? stackalloc char[n] : new char[n];
        for (var i = 0; i < n; i++)
        {
            var c = name[i];
            lower[i] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
        }
        uint mask = 0;
        for (var i = 0; i + 1 < n; i++)
        {
            var c0 = lower[i];
            var c1 = lower[i + 1];
            if (c0 >= 128 || c1 >= 128) continue;
            var b = Bucket(c0, c1);
            for (int k = _start[b], end = _start[b + 1]; k < end; k++)
            {
                var e = _entries[k];
                if ((e.Mask & ~mask) == 0) continue;
                var after = i + e.Text.Length;
                if (after > n || !lower[i..after].SequenceEqual(e.Text)) continue;
                if (e.Left && i > 0 && !IsDelimiter(lower[i - 1])) continue;
                if (e.Right && after < n && !IsDelimiter(lower[after])) continue;
                mask |= e.Mask;
                if (mask == _all) return mask;
            }
        }
        return mask;
    }
}
