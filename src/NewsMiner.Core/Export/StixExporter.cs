using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Export;

/// <summary>
/// Writes incidents as a STIX 2.1 bundle: per incident an <c>incident</c> (with the Incident Core Extension and,
/// when a loss is known, a monetary <c>impact</c>), an <c>identity</c> for the victim, an <c>intrusion-set</c>
/// for each attributed actor, <c>targets</c> and <c>attributed-to</c> relationships (alternative attributions
/// with their lower confidence), and a <c>report</c> per source article. Ids are UUIDv5 of stable keys, so
/// exporting the same database twice gives the same ids.
/// </summary>
public static class StixExporter
{
    /// <summary>Incident Core Extension (property extension of <c>incident</c>).</summary>
    public const string IncidentExtension = "extension-definition--ef765651-680c-498d-9894-99799f2fa126";

    /// <summary>Impact extension (new SDO <c>impact</c>) of the Incident Extension Suite.</summary>
    public const string ImpactExtension = "extension-definition--7cc33dd6-f6a1-489b-98ea-522d351d71b9";

    private static readonly Guid Namespace = new("4d0f3a57-2c1e-4b7a-9f6e-6f1b5e0c8a21");

    /// <summary>Builds the bundle for <paramref name="incidents"/> (each with its sources).</summary>
    public static JsonObject Build(IReadOnlyList<IncidentDetail> incidents)
    {
        var objects = new JsonArray();
        var producer = Id("identity", "producer:newsminer");
        var firstSeen = incidents.Select(d => Timestamp(d.Incident.FirstSeen)).DefaultIfEmpty("2014-01-01T00:00:00.000Z").Min(StringComparer.Ordinal)!;
        objects.Add(Common("identity", producer, firstSeen, null, new JsonObject
        {
            ["name"] = "NewsMiner",
            ["identity_class"] = "system",
            ["description"] = "Crypto-theft incidents extracted from news articles and merged across sources by NewsMiner.",
        }));

        var victims = new Dictionary<string, string>(StringComparer.Ordinal);
        var actors = new Dictionary<string, (string Id, string Created, SortedSet<string> Aliases)>(StringComparer.Ordinal);
        var articles = new SortedDictionary<long, (SourceReport Report, List<string> Refs)>();

        foreach (var detail in incidents)
        {
            var i = detail.Incident;
            var created = Timestamp(i.FirstSeen);
            var incidentId = Id("incident", $"incident:{i.Id}");
            var refs = new List<string> { incidentId };

            JsonArray? impactRefs = null;
            if (Impact(detail, created) is { } impact)
            {
                objects.Add(impact);
                impactRefs = [impact["id"]!.GetValue<string>()];
                refs.Add(impact["id"]!.GetValue<string>());
            }
            var extension = new JsonObject
            {
                ["extension_type"] = "property-extension",
                ["determination"] = "confirmed",
                ["investigation_status"] = "closed",
            };
            if (impactRefs is not null) extension["impact_refs"] = impactRefs;
            var body = new JsonObject
            {
                ["name"] = $"Theft from {i.Victim}" + (i.Date is null ? "" : $" ({i.Date})"),
                ["description"] = Describe(detail),
                ["confidence"] = (int)Math.Round(i.Confidence * 100),
                ["labels"] = new JsonArray("crypto-theft", i.VictimType),
                ["external_references"] = References(detail.Reports, $"newsminer-incident-{i.Id}"),
                ["extensions"] = new JsonObject { [IncidentExtension] = extension },
            };
            if (i.Date is not null) body["x_newsminer_date"] = i.Date;
            if (i.Mixers.Count > 0) body["x_newsminer_mixers"] = new JsonArray(i.Mixers.Select(m => (JsonNode)m!).ToArray());
            objects.Add(Common("incident", incidentId, created, producer, body));

            var victimKey = i.Victim.ToLowerInvariant();
            if (!victims.TryGetValue(victimKey, out var victimId))
            {
                victimId = Id("identity", $"victim:{victimKey}");
                victims[victimKey] = victimId;
                objects.Add(Common("identity", victimId, created, producer, new JsonObject
                {
                    ["name"] = i.Victim,
                    ["identity_class"] = "organization",
                    ["sectors"] = new JsonArray("financial-services"),
                    ["description"] = $"Victim of a crypto theft ({i.VictimType}).",
                }));
            }
            refs.Add(victimId);
            var targets = Id("relationship", $"targets:{i.Id}:{victimKey}");
            objects.Add(Common("relationship", targets, created, producer, new JsonObject
            {
                ["relationship_type"] = "targets", ["source_ref"] = incidentId, ["target_ref"] = victimId,
            }));
            refs.Add(targets);

            var attributions = new List<(string Actor, int Confidence, string? Note)>();
            if (i.Actor is not null) attributions.Add((i.Actor, (int)Math.Round(i.Confidence * 100), null));
            var topScore = i.ActorAlternatives.Count > 0 ? detail.Reports.Where(r => r.Actor == i.Actor).Sum(r => r.Confidence) : 0;
            foreach (var alt in i.ActorAlternatives)
            {
                var share = topScore + alt.Score > 0 ? alt.Score / (topScore + alt.Score) : 0.5;
                attributions.Add((alt.Value, (int)Math.Round(Math.Clamp(share, 0.05, 0.95) * 100),
                    $"Alternative attribution given by {alt.Sources} source{(alt.Sources == 1 ? "" : "s")}; the strongest is {i.Actor}."));
            }
            foreach (var (actor, confidence, note) in attributions)
            {
                if (!actors.TryGetValue(actor, out var set))
                {
                    set = (Id("intrusion-set", $"actor:{actor}"), created, new SortedSet<string>(StringComparer.Ordinal));
                    actors[actor] = set;
                }
                foreach (var alias in detail.Reports.Where(r => r.Actor == actor && r.ActorAsWritten is { } w && w != actor).Select(r => r.ActorAsWritten!))
                    set.Aliases.Add(alias);
                var rel = Id("relationship", $"attributed-to:{i.Id}:{actor}");
                var relBody = new JsonObject
                {
                    ["relationship_type"] = "attributed-to", ["source_ref"] = incidentId, ["target_ref"] = set.Id, ["confidence"] = confidence,
                };
                if (note is not null) relBody["description"] = note;
                objects.Add(Common("relationship", rel, created, producer, relBody));
                refs.Add(set.Id);
                refs.Add(rel);
            }

            foreach (var r in detail.Reports)
            {
                if (!articles.TryGetValue(r.ArticleId, out var entry)) articles[r.ArticleId] = entry = (r, []);
                entry.Refs.AddRange(refs);
            }
        }

        foreach (var (actor, (id, created, aliases)) in actors.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var body = new JsonObject { ["name"] = actor, ["description"] = "Threat actor named by news reports of crypto thefts." };
            if (aliases.Count > 0) body["aliases"] = new JsonArray(aliases.Select(a => (JsonNode)a!).ToArray());
            objects.Add(Common("intrusion-set", id, created, producer, body));
        }

        foreach (var (articleId, (report, refs)) in articles)
        {
            var published = report.Published is not null && DateTimeOffset.TryParse(report.Published, CultureInfo.InvariantCulture, DateTimeStyles.None, out var p)
                ? Format(p) : firstSeen;
            objects.Add(Common("report", Id("report", $"article:{articleId}:{report.Url}"), published, producer, new JsonObject
            {
                ["name"] = report.Title ?? report.Url,
                ["report_types"] = new JsonArray("threat-report"),
                ["published"] = published,
                ["object_refs"] = new JsonArray(refs.Distinct(StringComparer.Ordinal).Select(r => (JsonNode)r!).ToArray()),
                ["external_references"] = new JsonArray(Reference(report)),
            }));
        }

        return new JsonObject
        {
            ["type"] = "bundle",
            ["id"] = Id("bundle", "bundle:" + string.Join(",", incidents.Select(d => d.Incident.Id))),
            ["objects"] = objects,
        };
    }

    /// <summary>A monetary impact from the incident's USD value, spanning the USD estimates of all its sources.</summary>
    private static JsonObject? Impact(IncidentDetail detail, string created)
    {
        var i = detail.Incident;
        if (i.AmountUsd is not { } usd) return null;
        var usdEstimates = detail.Estimates.Where(e => e.AmountUsd is not null).Select(e => e.AmountUsd!.Value).Append(usd).ToList();
        var monetary = new JsonObject
        {
            ["variety"] = "asset-and-fraud",
            ["currency"] = "usd",
            ["min_amount"] = usdEstimates.Min(),
            ["max_amount"] = usdEstimates.Max(),
        };
        if (i.Currency is { } c && !c.Equals("USD", StringComparison.OrdinalIgnoreCase) && i.Amount is { } amount && usd > 0)
        {
            monetary["currency_actual"] = c.ToLowerInvariant();
            monetary["conversion_rate"] = decimal.Round(amount / usd, 12);
            if (i.Date is not null) monetary["conversion_time"] = Format(new DateTimeOffset(DateTime.SpecifyKind(DateTime.Parse(i.Date.Length == 7 ? i.Date + "-01" : i.Date, CultureInfo.InvariantCulture), DateTimeKind.Utc)));
        }
        var description = i.AmountUsdDerived
            ? $"Stolen: {IncidentTables.FormatAmount(i.Amount, i.Currency)}; USD value derived from a monthly reference price ({i.UsdNote})."
            : $"Stolen: {IncidentTables.FormatAmount(i.Amount, i.Currency)} as reported.";
        return Common("impact", Id("impact", $"impact:{i.Id}"), created, null, new JsonObject
        {
            ["impact_category"] = "monetary",
            ["description"] = description,
            ["extensions"] = new JsonObject
            {
                [ImpactExtension] = new JsonObject { ["extension_type"] = "new-sdo" },
                ["monetary"] = monetary,
            },
        });
    }

    private static string Describe(IncidentDetail d)
    {
        var i = d.Incident;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{i.Victim} ({i.VictimType}) lost {(i.Amount is null ? "an unreported amount" : IncidentTables.FormatAmount(i.Amount, i.Currency))}");
        if (i.AmountUsd is not null && !string.Equals(i.Currency, "USD", StringComparison.OrdinalIgnoreCase))
            sb.Append(" (").Append(IncidentTables.FormatUsd(i.AmountUsd, i.AmountUsdDerived)).Append(')');
        if (i.Date is not null) sb.Append(" on ").Append(i.Date);
        sb.Append('.');
        if (i.Actor is not null) sb.Append(" Attributed to ").Append(i.Actor).Append('.');
        if (i.Mixers.Count > 0) sb.Append(" Funds laundered through ").Append(string.Join(", ", i.Mixers)).Append('.');
        if (d.Estimates.Count > 1)
            sb.Append(" Estimates: ").Append(string.Join("; ", d.Estimates.Select(e => $"{IncidentTables.FormatAmount(e.Amount, e.Currency)} ({e.Sources.Count} source{(e.Sources.Count == 1 ? "" : "s")})"))).Append('.');
        sb.Append(CultureInfo.InvariantCulture, $" Reported by {d.Reports.Select(r => r.ArticleId).Distinct().Count()} article(s).");
        return sb.ToString();
    }

    private static JsonArray References(IReadOnlyList<SourceReport> reports, string externalId)
    {
        var list = new JsonArray(new JsonObject { ["source_name"] = "newsminer", ["external_id"] = externalId });
        foreach (var r in reports.DistinctBy(r => r.Url)) list.Add(Reference(r));
        return list;
    }

    private static JsonObject Reference(SourceReport r)
    {
        var reference = new JsonObject { ["source_name"] = r.SiteName ?? Host(r.Url), ["url"] = AsUri(r.Url) };
        if (r.Title is not null) reference["description"] = r.Title;
        return reference;
    }

    /// <summary>STIX wants a URI: an article read from a local file (the offline demo) gets a file: URI.</summary>
    private static string AsUri(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsoluteUri : url;

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Host.Length > 0 ? u.Host : "news article";

    private static JsonObject Common(string type, string id, string created, string? createdBy, JsonObject body)
    {
        var o = new JsonObject { ["type"] = type, ["spec_version"] = "2.1", ["id"] = id, ["created"] = created, ["modified"] = created };
        if (createdBy is not null) o["created_by_ref"] = createdBy;
        foreach (var (k, v) in body.ToList())
        {
            body.Remove(k);
            o[k] = v;
        }
        return o;
    }

    /// <summary>A STIX timestamp (UTC, milliseconds) from a stored ISO 8601 time.</summary>
    private static string Timestamp(string iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? Format(t) : "2014-01-01T00:00:00.000Z";

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A STIX id with a UUIDv5 (RFC 4122, SHA-1) of <paramref name="key"/> in NewsMiner's namespace.</summary>
    internal static string Id(string type, string key)
    {
        var ns = Namespace.ToByteArray(bigEndian: true);
        var name = Encoding.UTF8.GetBytes(type + "|" + key);
        var hash = SHA1.HashData([.. ns, .. name]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return $"{type}--{new Guid(bytes, bigEndian: true)}";
    }
}
