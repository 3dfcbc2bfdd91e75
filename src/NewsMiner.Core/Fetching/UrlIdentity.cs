namespace NewsMiner.Core.Fetching;

/// <summary>
/// The identity of an article URL: scheme and host lower-cased, default port and fragment dropped, tracking
/// parameters (utm_*, fbclid, gclid, ...) removed, the other parameters kept in their order. Two links that differ
/// only in these ways are one article.
/// </summary>
public static class UrlIdentity
{
    private static readonly HashSet<string> Tracking = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "_gl", "cmpid", "ocid",
        "ncid", "sr_share", "spm", "share", "ref_src", "ref_url", "smid", "guccounter", "guce_referrer", "guce_referrer_sig",
    };

    public static string Canonical(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return url;
        var query = uri.Query.TrimStart('?');
        var kept = new List<string>();
        if (query.Length > 0)
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Uri.UnescapeDataString(pair.Split('=')[0]);
                if (name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || Tracking.Contains(name)) continue;
                kept.Add(pair);
            }
        var builder = new UriBuilder(uri) { Fragment = "", Query = string.Join('&', kept), Scheme = uri.Scheme.ToLowerInvariant(), Host = uri.Host.ToLowerInvariant() };
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }
}
