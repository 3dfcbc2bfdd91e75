using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// Author names: the visible byline of a page, and the cleaning every author candidate goes through. Cleaning
/// strips "By"/"Par"/"Von"… prefixes, dates and times that share the byline, "(http://…)" and job titles after a
/// comma; it refuses what is not a name ("Email the author", "Follow Author", "Last Updated: …", handles, e-mail
/// addresses, URLs, lone dates, placeholders such as "admin"). A refused candidate yields null, never a guess.
/// </summary>
internal static partial class BylineReader
{
    [GeneratedRegex(@"byline|author(?!i[tz])|dateline|writtenby|p-author", RegexOptions.IgnoreCase)]
    private static partial Regex BylineClass();

    /// <summary>How many byline-looking elements are tried before giving up: later ones belong to other stories.</summary>
    private const int MaxCandidates = 4;

    /// <summary>The author named by the page's visible byline, or null.</summary>
    public static string? FromDocument(IHtmlDocument doc)
    {
        if (doc.Body is not { } body) return null;
        var tried = 0;
        IElement? lastAccepted = null;
        foreach (var e in DomWalk.ArticleRegionElements(body))
        {
            if (lastAccepted is not null && lastAccepted.Contains(e)) continue;
            if (!IsBylineElement(e)) continue;
            var text = TextUtil.NormalizeSpace(e.TextContent);
            if (text.Length is 0 or >= 100) continue;
            lastAccepted = e; // its descendants are judged with it
            if (NameFromBylineElement(e) is { } name) return name;
            if (++tried >= MaxCandidates) break;
        }
        return null;
    }

    private static bool IsBylineElement(IElement e)
    {
        if (e.LocalName is "time" or "img" or "meta" or "link") return false;
        if (string.Equals(e.GetAttribute("rel"), "author", StringComparison.OrdinalIgnoreCase)) return true;
        if (e.GetAttribute("itemprop") is { } itemprop && itemprop.Contains("author", StringComparison.OrdinalIgnoreCase)) return true;
        var cls = DomWalk.ClassAndId(e);
        return cls.Length > 1 && BylineClass().IsMatch(cls);
    }

    [GeneratedRegex(@"author|autor|auteur|writer|journalist|people|staff|profile|contributor|columnist|/by/|/team/|/user|/u/|/redac", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorHref();

    /// <summary>
    /// The name in a byline element: its schema.org <c>name</c> parts or its links to author pages when it has them
    /// (they leave out the "By", the date and the job title), else its whole text.
    /// </summary>
    private static string? NameFromBylineElement(IElement e)
    {
        var parts = e.QuerySelectorAll("[itemprop~=name]").Select(x => TextUtil.NormalizeSpace(x.TextContent)).Where(t => t.Length > 0).ToList();
        if (parts.Count == 0)
            parts = e.QuerySelectorAll("a[href]")
                .Where(a => string.Equals(a.GetAttribute("rel"), "author", StringComparison.OrdinalIgnoreCase) || AuthorHref().IsMatch(a.GetAttribute("href") ?? ""))
                .Select(a => TextUtil.NormalizeSpace(a.TextContent)).Where(t => t.Length > 0 && CleanAuthor(t) is not null).ToList();
        if (parts.Count > 0 && CleanAuthor(string.Join(", ", parts.Distinct())) is { } joined) return joined;
        return CleanAuthor(e.TextContent);
    }

    // ---------- cleaning ----------

    [GeneratedRegex(@"^(?:(?:written|posted|words|story|text|reporting|report|published|compiled|reported)\s+by|by|from|von|par|por|door|av|af|przez|autor(?:a|in)?|author|auteur|autore|escrito\s+por|texto)(?:\s*[:：\-–—]\s*|\s+)(?=\S)", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^(?:di|de|da)\s+(?=\p{Lu})")]
    private static partial Regex LowercasePrefix();

    [GeneratedRegex(@"\((?:https?://|www\.|mailto:|@)[^)]*\)|<[^>]*@[^>]*>|https?://\S+|\S+@\S+\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    [GeneratedRegex(@"\s+(?:\||•|·|—|–|-|/|\\)\s+|\s*[|•·]\s*|\s+(?:(?:edited|photos?|photographs?|illustrations?|additional\s+reporting|translated|video|graphics?|updated|published|posted|modified)\s+by|updated|published|posted|modified|last\s+updated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(?:last\s+)?(?:updated|published|posted|modified|mis\s+à\s+jour|aktualisiert|actualizado|aggiornato)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateLineStart();

    [GeneratedRegex(@"\b(?:e-?mail|follow|subscribe|contact|share|click|read\s+more|view\s+(?:all|more|profile)|more\s+(?:by|from|stories|articles)|see\s+all|sign\s+(?:in|up)|log\s*in|about\s+the\s+author|newsletter|comments?|twitter|facebook|instagram|linkedin|min\s+read|reading\s+time|advertis\w*|loading|updated|published|posted|copyright|all\s+rights|(?:my\s+)?account|sign\s+out|profile)\b|©|https?:|www\.|\.com\b|\.html?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    [GeneratedRegex(@"\b(?:editor|editors|correspondent|reporter|writer|contributor|columnist|staff|technologist|senior|chief|director|president|manager|analyst|producer|professor|officer|fellow|researcher|specialist|journalist|journaliste|photographer|intern|founder|ceo|cto|head|lead|associate|assistant|deputy|executive|consultant|engineer|developer|student|author of|bureau)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RoleWord();

    [GeneratedRegex(@"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?$|^(?:on|at|le|el|am|den|il|op|the|du|of|in|und|and|et|y|e|,|:|\.)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingDateWord();

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "staff", "editor", "editors", "guest", "unknown", "anonymous", "anonym", "user", "author", "authors",
        "webmaster", "null", "undefined", "none", "n/a", "na", "by", "redaction", "rédaction", "redaktion", "team", "editorial",
    };

    /// <summary>A clean author name, or null when the text is not one.</summary>
    internal static string? CleanAuthor(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = TextUtil.NormalizeSpace(raw.Contains('&') ? System.Net.WebUtility.HtmlDecode(raw) : raw);
        if (DateLineStart().IsMatch(s)) return null;
        s = Links().Replace(s, " ");
        s = TextUtil.NormalizeSpace(s);
        // "By Jane Doe | June 5, 2020", "Jane Doe - Updated 3 hours ago", "Written by A Edited by B": the first segment.
        var sep = Separator().Match(s);
        while (sep.Success && sep.Index == 0)
        {
            s = s[sep.Length..].TrimStart();
            sep = Separator().Match(s);
        }
        if (sep.Success) s = s[..sep.Index];
        s = StripPrefix(s);
        // Dates and times come after the name: cut at the first digit, then drop the month or weekday before it.
        var digit = s.IndexOfAny("0123456789".ToCharArray());
        if (digit >= 0)
        {
            // "CC7567" is a user name; "Jane Doe22 Dec" is a name run into a date.
            if (digit > 0 && char.IsLetter(s[digit - 1]) && !s[..digit].Contains(' ')) return null;
            var words = s[..digit].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (words.Count > 0 && (DateNormalizer.IsMonthName(words[^1].TrimEnd(',', '.')) || TrailingDateWord().IsMatch(words[^1])))
                words.RemoveAt(words.Count - 1);
            s = string.Join(' ', words);
        }
        s = s.Trim(' ', ',', ';', ':', '|', '-', '–', '—', '·', '•', '/', '*');
        s = StripPrefix(s);
        s = DropRoles(s);
        return IsName(s) ? s : null;
    }

    private static string StripPrefix(string s)
    {
        for (var i = 0; i < 2; i++)
        {
            var t = Prefix().Replace(s, "");
            t = LowercasePrefix().Replace(t, "");
            if (t == s) break;
            s = t.TrimStart(' ', ':', '-');
        }
        return s;
    }

    /// <summary>"Jane Doe, Senior Staff Writer, Example Project" is "Jane Doe"; "Stella Kim, Jennifer Jett" stays.</summary>
    private static string DropRoles(string s)
    {
        var parts = s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return s;
        var kept = new List<string> { parts[0] };
        foreach (var p in parts.Skip(1))
        {
            if (RoleWord().IsMatch(p) || p.Split(' ').Length > 5) break;
            kept.Add(p);
        }
        return string.Join(", ", kept);
    }

    private static bool IsName(string s)
    {
        if (s.Length < 2 || s.Length > 100) return false;
        if (!s.Any(char.IsLetter) || s.Any(char.IsDigit)) return false;
        if (Placeholders.Contains(s) || NotAName().IsMatch(s) || s.Contains('@')) return false;
        if (DateNormalizer.IsMonthName(s)) return false;
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 16) return false;
        // A lone lower-case Latin token is a user handle ("jdoe"), not a name.
        if (words.Length == 1 && s.All(c => c is (>= 'a' and <= 'z') or '_' or '-' or '.')) return false;
        // Written in a script with case, a name has a capital somewhere ("de la Cruz" still has "Cruz").
        if (s.All(c => !char.IsLetter(c) || char.IsUpper(c) || char.IsLower(c)) && !words.Any(w => w.Any(char.IsUpper))) return false;
        return true;
    }
}
