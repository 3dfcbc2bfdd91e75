namespace NewsMiner.Core.Fetching;

/// <summary>
/// The rules of one robots.txt for one user agent: the group naming our product token, else the <c>*</c> group;
/// longest matching Allow/Disallow path wins (RFC 9309); <c>*</c> and <c>$</c> wildcards; Crawl-delay.
/// </summary>
public sealed class RobotsRules
{
    public static readonly RobotsRules AllowAll = new([], null);

    private readonly List<(bool Allow, string Pattern)> _rules;

    private RobotsRules(List<(bool, string)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    public TimeSpan? CrawlDelay { get; }

    public static RobotsRules Parse(string text, string productToken)
    {
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules, TimeSpan? Delay)>();
        List<string>? agents = null;
        List<(bool, string)>? rules = null;
        TimeSpan? delay = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (!lastWasAgent || agents is null)
                {
                    agents = [];
                    rules = [];
                    delay = null;
                    groups.Add((agents, rules, null));
                }
                agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }
            lastWasAgent = false;
            if (agents is null || rules is null) continue;
            if (key == "disallow" && value.Length > 0) rules.Add((false, value));
            else if (key == "allow" && value.Length > 0) rules.Add((true, value));
            else if (key == "crawl-delay" && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var secs))
            {
                delay = TimeSpan.FromSeconds(Math.Min(secs, 60));
                groups[^1] = (groups[^1].Agents, groups[^1].Rules, delay);
            }
        }
        var token = productToken.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && token.Contains(a))).ToList();
        var chosen = mine.Count > 0 ? mine : groups.Where(g => g.Agents.Contains("*")).ToList();
        return new RobotsRules(chosen.SelectMany(g => g.Rules).ToList(), chosen.Select(g => g.Delay).FirstOrDefault(d => d is not null));
    }

    public bool IsAllowed(string pathAndQuery)
    {
        (bool Allow, int Length)? best = null;
        foreach (var (allow, pattern) in _rules)
        {
            if (!Matches(pattern, pathAndQuery)) continue;
            var len = pattern.Length;
            if (best is null || len > best.Value.Length || (len == best.Value.Length && allow)) best = (allow, len);
        }
        return best?.Allow ?? true;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var p = anchored ? pattern[..^1] : pattern;
        var parts = p.Split('*');
        var pos = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                if (!path.StartsWith(part, StringComparison.Ordinal)) return false;
                pos = part.Length;
                continue;
            }
            var at = path.IndexOf(part, pos, StringComparison.Ordinal);
            if (at < 0) return false;
            pos = at + part.Length;
        }
        return !anchored || pos == path.Length || (parts.Length > 1 && parts[^1].Length == 0) || path.EndsWith(parts[^1], StringComparison.Ordinal);
    }
}
