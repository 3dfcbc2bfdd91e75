using System.Globalization;
using System.Net;
using System.Text;
using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Export;

/// <summary>
/// One self-contained HTML page: totals, three inline-SVG bar charts (losses per month, per actor, per victim type)
/// and a table of incidents with their sources. No scripts, fonts, images or style sheets are loaded from anywhere,
/// so the file reads the same offline; source links are the only URLs in it.
/// </summary>
public static class HtmlReport
{
    private const string Reported = "#2f6db5";
    private const string Derived = "#9dbbe0";

    /// <summary>Renders the page. <paramref name="generated"/> is printed in the header (pass a fixed time for reproducible output).</summary>
    public static string Render(IReadOnlyList<StoredIncident> incidents, string databaseName, DateTimeOffset generated)
    {
        var stats = IncidentStatistics.Compute(incidents);
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>NewsMiner: crypto-theft incidents</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d2330; background: #fff; }
            h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d5dbe5; padding-bottom: .3rem; }
            .meta { color: #5b6475; font-size: .9rem; }
            .totals { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
            .totals div { background: #f2f5fa; border-radius: 6px; padding: .6rem 1rem; } .totals b { display: block; font-size: 1.3rem; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1.5rem; }
            figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .4rem; }
            svg text { font-size: 12px; fill: #1d2330; font-family: inherit; }
            table { border-collapse: collapse; width: 100%; font-size: .88rem; }
            th, td { border-bottom: 1px solid #e3e7ee; padding: .35rem .5rem; text-align: left; vertical-align: top; }
            th { background: #f2f5fa; position: sticky; top: 0; } td.num { text-align: right; white-space: nowrap; }
            .derived { color: #5b6475; } .legend span { display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 .8rem; vertical-align: middle; }
            ul.sources { margin: 0; padding-left: 1rem; } .alt { color: #5b6475; font-size: .8rem; }
            </style>
            </head>
            <body>
            """);
        sb.Append("<h1>Crypto-theft incidents</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">From <code>{E(databaseName)}</code>, generated {E(generated.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))} by NewsMiner. ");
        sb.Append("Values marked ≈ are derived from approximate monthly reference prices; the others are as reported.</p>\n");

        var sources = incidents.SelectMany(i => i.Sources).Distinct().Count();
        sb.Append("<div class=\"totals\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div><b id=\"total-incidents\">{incidents.Count}</b>incidents</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div><b>{E(Short(stats.Total.TotalUsd))}</b>stolen (USD)</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div><b>{E(Short(stats.Total.DerivedUsd))}</b>of which derived</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div><b>{sources}</b>source articles</div>");
        sb.Append("</div>\n");

        sb.Append("<p class=\"legend\"><span style=\"background:" + Reported + "\"></span>reported in USD<span style=\"background:" + Derived + "\"></span>derived from the price table</p>\n");
        sb.Append("<div class=\"charts\">\n");
        sb.Append(MonthChart(incidents));
        sb.Append(BarChart("chart-actor", "Losses per actor", stats.ByActor));
        sb.Append(BarChart("chart-victim-type", "Losses per victim type", stats.ByVictimType));
        sb.Append("</div>\n");

        sb.Append("<h2>Incidents</h2>\n<table id=\"incidents\">\n<thead><tr><th>id</th><th>date</th><th>victim</th><th>type</th><th>amount</th><th>USD</th><th>actor</th><th>mixers</th><th>sources</th></tr></thead>\n<tbody>\n");
        foreach (var i in incidents)
        {
            sb.Append("<tr>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{i.Id}</td><td>{E(i.Date ?? "")}</td><td>{E(i.Victim)}</td><td>{E(i.VictimType)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{E(IncidentTables.FormatAmount(i.Amount, i.Currency))}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num{(i.AmountUsdDerived ? " derived" : "")}\"{(i.UsdNote is null ? "" : $" title=\"{E(i.UsdNote)}\"")}>{E(IncidentTables.FormatUsd(i.AmountUsd, i.AmountUsdDerived))}</td>");
            sb.Append("<td>").Append(E(i.Actor ?? ""));
            if (i.ActorAlternatives.Count > 0) sb.Append("<div class=\"alt\">also: ").Append(E(string.Join(", ", i.ActorAlternatives.Select(a => a.Value)))).Append("</div>");
            sb.Append("</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{E(string.Join(", ", i.Mixers))}</td>");
            sb.Append("<td><ul class=\"sources\">");
            foreach (var s in i.Sources) sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(s)}\">{E(Label(s))}</a></li>");
            sb.Append("</ul></td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string MonthChart(IReadOnlyList<StoredIncident> incidents)
    {
        var dated = incidents.Where(i => i.Date is { Length: >= 7 } && i.AmountUsd is not null).ToList();
        var sb = new StringBuilder("<figure id=\"chart-month\"><figcaption>Losses per month</figcaption>\n");
        if (dated.Count == 0) return sb.Append("<p class=\"meta\">No dated incident with a USD value.</p></figure>\n").ToString();
        var months = dated.Select(i => i.Date![..7]).ToList();
        var first = DateOnly.ParseExact(months.Min() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = DateOnly.ParseExact(months.Max() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var all = new List<string>();
        for (var m = first; m <= last; m = m.AddMonths(1)) all.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        var totals = all.Select(m => (Month: m,
            Reported: dated.Where(i => i.Date!.StartsWith(m, StringComparison.Ordinal) && !i.AmountUsdDerived).Sum(i => i.AmountUsd!.Value),
            Derived: dated.Where(i => i.Date!.StartsWith(m, StringComparison.Ordinal) && i.AmountUsdDerived).Sum(i => i.AmountUsd!.Value))).ToList();
        var max = NiceMax(totals.Max(t => t.Reported + t.Derived));
        const int width = 560, height = 240, left = 64, bottom = 40, top = 10;
        var plotW = width - left - 10;
        var plotH = height - bottom - top;
        var barW = Math.Max(1.0, plotW / (double)all.Count);
        sb.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Losses per month in USD\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        Axis(sb, max, left, top, plotW, plotH);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(all.Count / 8.0));
        for (var k = 0; k < totals.Count; k++)
        {
            var (month, reported, derived) = totals[k];
            var x = left + k * barW;
            var hr = (double)(reported / max) * plotH;
            var hd = (double)(derived / max) * plotH;
            var y = top + plotH - hr;
            if (reported > 0) sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x + barW * 0.1:0.#}\" y=\"{y:0.#}\" width=\"{barW * 0.8:0.##}\" height=\"{hr:0.#}\" fill=\"{Reported}\"><title>{E(month)}: {E(Short(reported))} reported</title></rect>\n");
            if (derived > 0) sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x + barW * 0.1:0.#}\" y=\"{y - hd:0.#}\" width=\"{barW * 0.8:0.##}\" height=\"{hd:0.#}\" fill=\"{Derived}\"><title>{E(month)}: {E(Short(derived))} derived</title></rect>\n");
            if (k % labelEvery == 0)
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barW / 2:0.#}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{E(month)}</text>\n");
        }
        return sb.Append("</svg></figure>\n").ToString();
    }

    private static string BarChart(string id, string caption, IReadOnlyList<StatsRow> rows)
    {
        var sb = new StringBuilder($"<figure id=\"{id}\"><figcaption>{E(caption)}</figcaption>\n");
        var shown = rows.Where(r => r.TotalUsd > 0).Take(12).ToList();
        if (shown.Count == 0) return sb.Append("<p class=\"meta\">No incident with a USD value.</p></figure>\n").ToString();
        var max = NiceMax(shown.Max(r => r.TotalUsd));
        const int width = 560, left = 150, rowH = 22, right = 70;
        var height = shown.Count * rowH + 10;
        var plotW = width - left - right;
        sb.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"{E(caption)} in USD\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        for (var k = 0; k < shown.Count; k++)
        {
            var r = shown[k];
            var y = 5 + k * rowH;
            var wr = (double)((r.TotalUsd - r.DerivedUsd) / max) * plotW;
            var wd = (double)(r.DerivedUsd / max) * plotW;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(Truncate(r.Key, 24))}</text>\n");
            if (wr > 0) sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{left}\" y=\"{y + 3}\" width=\"{wr:0.#}\" height=\"{rowH - 6}\" fill=\"{Reported}\"><title>{E(r.Key)}: {E(Short(r.TotalUsd - r.DerivedUsd))} reported</title></rect>\n");
            if (wd > 0) sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{left + wr:0.#}\" y=\"{y + 3}\" width=\"{wd:0.#}\" height=\"{rowH - 6}\" fill=\"{Derived}\"><title>{E(r.Key)}: {E(Short(r.DerivedUsd))} derived</title></rect>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + wr + wd + 4:0.#}\" y=\"{y + 14}\">{E(Short(r.TotalUsd))} ({r.Incidents})</text>\n");
        }
        return sb.Append("</svg></figure>\n").ToString();
    }

    private static void Axis(StringBuilder sb, decimal max, int left, int top, int plotW, int plotH)
    {
        for (var t = 0; t <= 4; t++)
        {
            var y = top + plotH - plotH * t / 4.0;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e3e7ee\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{E(Short(max * t / 4))}</text>\n");
        }
    }

    /// <summary>1, 2 or 5 times a power of ten at or above <paramref name="v"/>, so axis labels are round.</summary>
    private static decimal NiceMax(decimal v)
    {
        if (v <= 0) return 1;
        var p = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)v)));
        foreach (var f in new[] { 1m, 2m, 5m, 10m }) if (f * p >= v) return f * p;
        return 10 * p;
    }

    /// <summary>"$1.5bn", "$11m", "$250k".</summary>
    internal static string Short(decimal usd) => usd switch
    {
        >= 1_000_000_000m => "$" + (usd / 1_000_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "bn",
        >= 1_000_000m => "$" + (usd / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "m",
        >= 1_000m => "$" + (usd / 1_000m).ToString("0", CultureInfo.InvariantCulture) + "k",
        _ => "$" + usd.ToString("0", CultureInfo.InvariantCulture),
    };

    private static string Label(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Host.Length > 0 ? u.Host + u.AbsolutePath : System.IO.Path.GetFileName(url);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
