using AngleSharp.Html.Dom;

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

    public MetaTags(IHtmlDocument doc)
    {
        foreach (var m in doc.QuerySelectorAll("meta"))
        {
            var content = m.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(content)) continue;
            content = content.Trim();
            if (m.GetAttribute("property") is { } property)
                foreach (var token in property.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    Add(_property, token.ToLowerInvariant(), content);
            if (m.GetAttribute("name") is { } name && name.Trim().Length > 0)
                Add(_name, string.Concat(name.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant().Replace('.', ':'), content);
            if (m.GetAttribute("itemprop") is { } itemprop)
                foreach (var token in itemprop.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    Add(_name, "itemprop:" + token.ToLowerInvariant(), content);
            if (m.GetAttribute("http-equiv") is { } equiv && equiv.Trim().Length > 0)
                Add(_name, "http-equiv:" + equiv.Trim().ToLowerInvariant(), content);
        }
    }

    private static void Add(Dictionary<string, string> into, string key, string content)
    {
        into.TryAdd(key, content);
        if (key.StartsWith("og:article:", StringComparison.Ordinal)) into.TryAdd(key[3..], content);
        if (key.StartsWith("dcterms:", StringComparison.Ordinal)) into.TryAdd("dcterm:" + key[8..], content);
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
