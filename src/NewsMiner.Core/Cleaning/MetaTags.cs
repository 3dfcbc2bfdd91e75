using AngleSharp.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// A page's &lt;meta&gt; values by normalised key. <c>property</c> (RDFa: Open Graph, Dublin Core) may hold several
/// space-separated keys; <c>name</c> keys are folded so that <c>DC.creator</c> is <c>dc:creator</c>;
/// <c>itemprop</c> keys are kept as <c>itemprop:datepublished</c>. <c>og:article:author</c> also answers to
/// <c>article:author</c>, and <c>dcterms:</c> to <c>dcterm:</c>. When a key is given twice the <c>property</c> value
/// wins over the <c>name</c> value (RDFa is what the standard vocabularies specify), then the first one in the page.
/// </summary>
internal sealed class MetaTags
{
    private readonly Dictionary<string, string> _property = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _name = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _everyProperty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _everyName = new(StringComparer.Ordinal);

    /// <summary>From the page's elements in document order (the &lt;meta&gt; ones are read).</summary>
    public MetaTags(IReadOnlyList<IElement> all)
    {
        foreach (var m in all)
        {
            if (m.LocalName != "meta") continue;
            var content = m.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(content)) continue;
            content = content.Trim();
            if (m.GetAttribute("property") is { } property)
                foreach (var token in property.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    Add(_property, _everyProperty, token.ToLowerInvariant(), content);
            if (m.GetAttribute("name") is { } name && name.Trim().Length > 0)
                Add(_name, _everyName, string.Concat(name.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant().Replace('.', ':'), content);
            if (m.GetAttribute("itemprop") is { } itemprop)
                foreach (var token in itemprop.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    Add(_name, _everyName, "itemprop:" + token.ToLowerInvariant(), content);
            if (m.GetAttribute("http-equiv") is { } equiv && equiv.Trim().Length > 0)
                Add(_name, _everyName, "http-equiv:" + equiv.Trim().ToLowerInvariant(), content);
        }
    }

    private static void Add(Dictionary<string, string> first, Dictionary<string, List<string>> every, string key, string content)
    {
        Put(first, every, key, content);
        if (key.StartsWith("og:article:", StringComparison.Ordinal)) Put(first, every, key[3..], content);
        if (key.StartsWith("dcterms:", StringComparison.Ordinal)) Put(first, every, "dcterm:" + key[8..], content);
    }

    private static void Put(Dictionary<string, string> first, Dictionary<string, List<string>> every, string key, string content)
    {
        first.TryAdd(key, content);
        if (!every.TryGetValue(key, out var list)) every[key] = list = [];
        if (!list.Contains(content)) list.Add(content);
    }

    /// <summary>The value of the first of <paramref name="keys"/> that the page gives, or null.</summary>
    public string? Get(params string[] keys)
    {
        foreach (var k in keys)
        {
            if (_property.TryGetValue(k, out var v) || _name.TryGetValue(k, out v)) return v;
        }
        return null;
    }

    /// <summary>Every distinct value the page gives for one key (several authors), in page order; property values win.</summary>
    public IReadOnlyList<string> Values(string key) =>
        _everyProperty.TryGetValue(key, out var list) ? list : _everyName.TryGetValue(key, out list) ? list : [];

    /// <summary>Every value given for the keys, in key order (for sources tried one after another).</summary>
    public IEnumerable<string> All(params string[] keys)
    {
        foreach (var k in keys)
        {
            if (_property.TryGetValue(k, out var p)) yield return p;
            if (_name.TryGetValue(k, out var n) && n != p) yield return n;
        }
    }
}
