using System.Reflection;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

/// <summary>A name found in text, with the canonical name its list maps it to.</summary>
internal sealed record NameMention(int Start, int End, string Canonical, string Text);

/// <summary>
/// A list of names (threat actors, mixers, organisations) read from an embedded resource, each line
/// <c>Canonical|alias|alias</c>. Lists hold names only; which name plays which role is decided by the model.
/// </summary>
internal sealed class Gazetteer
{
    private readonly Regex _pattern;
    private readonly Dictionary<string, string> _canonical;

    private Gazetteer(IEnumerable<string> lines, bool ignoreCase)
    {
        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _canonical = new Dictionary<string, string>(comparer);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var names = line.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var n in names) _canonical.TryAdd(n, names[0]);
            Names.Add(names[0]);
        }
        var alternation = string.Join("|", _canonical.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape));
        _pattern = new Regex(@"(?<![\w.$-])(?:" + alternation + @")(?![\w-]|\.\w)",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public List<string> Names { get; } = [];

    public static Gazetteer Actors { get; } = Load("actors.txt", ignoreCase: true);
    public static Gazetteer Mixers { get; } = Load("mixers.txt", ignoreCase: false);
    public static Gazetteer Organisations { get; } = Load("organisations.txt", ignoreCase: false);
    public static Gazetteer NonVictims { get; } = Load("non_victims.txt", ignoreCase: false);
    public static Gazetteer Chains { get; } = Load("chains.txt", ignoreCase: false);
    public static Gazetteer GivenNames { get; } = Load("given_names.txt", ignoreCase: false);
    public static Gazetteer Places { get; } = Load("places.txt", ignoreCase: false);

    public bool Contains(string name) => _canonical.ContainsKey(name);

    public string? Canonical(string name) => _canonical.GetValueOrDefault(name);

    public IReadOnlyList<NameMention> Find(string text)
    {
        var list = new List<NameMention>();
        foreach (Match m in _pattern.Matches(text))
            list.Add(new NameMention(m.Index, m.Index + m.Length, _canonical[m.Value], m.Value));
        return list;
    }

    private static Gazetteer Load(string file, bool ignoreCase)
    {
        var asm = typeof(Gazetteer).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("." + file, StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } l) lines.Add(l);
        return new Gazetteer(lines, ignoreCase);
    }
}
