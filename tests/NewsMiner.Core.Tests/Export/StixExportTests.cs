using System.Text.Json.Nodes;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;
using NJsonSchema;
using NJsonSchema.References;

namespace NewsMiner.Core.Tests.Export;

public sealed class StixExportTests
{
    private const string SchemaUrl = "https://raw.githubusercontent.com/st3l1n/cti-stix2-json-schemas/master/schemas/";

    private static readonly Dictionary<string, string> SchemaByType = new()
    {
        ["incident"] = "sdos/incident.json",
        ["identity"] = "sdos/identity.json",
        ["intrusion-set"] = "sdos/intrusion-set.json",
        ["relationship"] = "sros/relationship.json",
        ["report"] = "sdos/report.json",
        ["impact"] = "common/core.json",
    };

    /// <summary>Resolves the schemas' absolute <c>$ref</c> URLs to the vendored files; anything else is an error, never a download.</summary>
    private sealed class VendoredSchemas(JsonSchema root, Dictionary<string, JsonSchema> cache) : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            if (!url.StartsWith(SchemaUrl, StringComparison.Ordinal)) throw new InvalidOperationException("the schemas reference a file that is not vendored: " + url);
            return await Load(url[SchemaUrl.Length..], cache);
        }
    }

    private static async Task<JsonSchema> Load(string relative, Dictionary<string, JsonSchema> cache)
    {
        if (cache.TryGetValue(relative, out var cached)) return cached;
        var path = TestPaths.Data("stix2.1-schemas", relative);
        var schema = await JsonSchema.FromFileAsync(path, s => new VendoredSchemas(s, cache));
        cache[relative] = schema;
        return schema;
    }

    private static async Task<JsonObject> ExportBitoProAsync()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("stix.db"));
        async Task Save(string url, Core.Extraction.IncidentRecord r, string? published = "2025-06-03T10:00:00+08:00") =>
            await store.SaveArticleAsync(url, Some.Article(url, published, url) with { Title = "Report " + url, SiteName = "Example News" }, Some.Extraction(r), null, default);
        await Save("https://a.example/bitopro", Some.Incident("BitoPro", "2025-05-08", 11_000_000m, mixers: ["Tornado Cash", "THORChain"]));
        await Save("https://b.example/bitopro", Some.Incident("BitoPro exchange", "2025-05", 11_500_000m,
            actorSentence: "The FBI tied the theft to TraderTraitor."));
        await Save("https://c.example/bitopro", Some.Incident("Taiwan's BitoPro", "2025-05-08", 11_000_000m, actor: "Kimsuky", confidence: 0.4), published: null);
        await Save("https://d.example/bridge", Some.Incident("SomeBridge", "2024-03-10", 4_000m, "ETH", actor: null));
        var details = new List<IncidentDetail>();
        foreach (var i in await store.ListIncidentsAsync(default)) details.Add(await store.GetIncidentAsync(i.Id, default));
        return StixExporter.Build(details);
    }

    [Fact]
    public async Task Build_EveryObjectValidatesAgainstTheStix21Schemas()
    {
        var bundle = await ExportBitoProAsync();
        var cache = new Dictionary<string, JsonSchema>();
        var objects = bundle["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var type = o["type"]!.GetValue<string>();
            Assert.True(SchemaByType.TryGetValue(type, out var file), $"unexpected object type {type}");
            var copy = JsonNode.Parse(o.ToJsonString())!.AsObject();
            if (type == "impact") CheckMonetaryAndSetItAside(copy);
            var errors = (await Load(file!, cache)).Validate(copy.ToJsonString());
            Assert.True(errors.Count == 0, $"{o["id"]} is not valid STIX 2.1 ({file}): " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        }
    }

    private static void CheckMonetaryAndSetItAside(JsonObject impact)
    {
        var extensions = impact["extensions"]!.AsObject();
        var monetary = extensions["monetary"]!.AsObject();
        Assert.Equal("asset-and-fraud", monetary["variety"]!.GetValue<string>());
        Assert.Equal("usd", monetary["currency"]!.GetValue<string>());
        Assert.True(monetary["min_amount"]!.GetValue<decimal>() <= monetary["max_amount"]!.GetValue<decimal>());
        Assert.Equal("new-sdo", extensions[StixExporter.ImpactExtension]!["extension_type"]!.GetValue<string>());
        extensions.Remove("monetary");
    }

    /// <summary>The checks live in the referenced common schemas too: a validator that did not resolve them would pass these.</summary>
    [Theory]
    [InlineData("created", "2025-06-03T10:00:00Z")]   // core.json: timestamps to the millisecond
    [InlineData("id", "incident--not-a-uuid")]         // identifier.json
    [InlineData("Severity", "high")]                   // properties.json: custom property names are lower case
    [InlineData("spec_version", "3.0")]               // core.json
    public async Task Build_ValidatorRejectsABrokenObject(string property, string value)
    {
        var cache = new Dictionary<string, JsonSchema>();
        var incident = (await ExportBitoProAsync())["objects"]!.AsArray().Select(o => o!.AsObject()).First(o => o["type"]!.GetValue<string>() == "incident");
        var broken = JsonNode.Parse(incident.ToJsonString())!.AsObject();
        broken[property] = value;
        Assert.NotEmpty((await Load("sdos/incident.json", cache)).Validate(broken.ToJsonString()));
    }

    [Fact]
    public async Task Build_HasTheContractObjectsAndRelationships()
    {
        var bundle = await ExportBitoProAsync();
        Assert.Equal("bundle", bundle["type"]!.GetValue<string>());
        Assert.StartsWith("bundle--", bundle["id"]!.GetValue<string>());
        var objects = bundle["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var ids = objects.Select(o => o["id"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(objects.Count, ids.Count);

        var incidents = objects.Where(o => Type(o) == "incident").ToList();
        Assert.Equal(2, incidents.Count);
        var bitopro = incidents.Single(o => o["name"]!.GetValue<string>().Contains("BitoPro"));
        var ext = bitopro["extensions"]![StixExporter.IncidentExtension]!.AsObject();
        Assert.Equal("property-extension", ext["extension_type"]!.GetValue<string>());
        var impact = objects.Single(o => o["id"]!.GetValue<string>() == ext["impact_refs"]![0]!.GetValue<string>());
        Assert.Equal(11_000_000m, impact["extensions"]!["monetary"]!["min_amount"]!.GetValue<decimal>());
        Assert.Equal(11_500_000m, impact["extensions"]!["monetary"]!["max_amount"]!.GetValue<decimal>());

        var ethImpact = objects.Where(o => Type(o) == "impact").Single(o => o["extensions"]!["monetary"]!["currency_actual"] is not null);
        Assert.Equal("eth", ethImpact["extensions"]!["monetary"]!["currency_actual"]!.GetValue<string>());

        var victim = objects.Single(o => Type(o) == "identity" && o["name"]!.GetValue<string>() == "BitoPro");
        var lazarus = objects.Single(o => Type(o) == "intrusion-set" && o["name"]!.GetValue<string>() == "Lazarus Group");
        Assert.Contains("TraderTraitor", lazarus["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        var relationships = objects.Where(o => Type(o) == "relationship").ToList();
        Assert.Contains(relationships, r => Rel(r) == ("targets", bitopro["id"]!.GetValue<string>(), victim["id"]!.GetValue<string>()));
        var strong = relationships.Single(r => Rel(r) == ("attributed-to", bitopro["id"]!.GetValue<string>(), lazarus["id"]!.GetValue<string>()));
        var kimsuky = objects.Single(o => Type(o) == "intrusion-set" && o["name"]!.GetValue<string>() == "Kimsuky");
        var weak = relationships.Single(r => Rel(r) == ("attributed-to", bitopro["id"]!.GetValue<string>(), kimsuky["id"]!.GetValue<string>()));
        Assert.True(weak["confidence"]!.GetValue<int>() < strong["confidence"]!.GetValue<int>());

        var reports = objects.Where(o => Type(o) == "report").ToList();
        Assert.Equal(4, reports.Count);
        foreach (var r in reports)
            Assert.All(r["object_refs"]!.AsArray(), x => Assert.Contains(x!.GetValue<string>(), ids));
        foreach (var r in relationships)
        {
            Assert.Contains(r["source_ref"]!.GetValue<string>(), ids);
            Assert.Contains(r["target_ref"]!.GetValue<string>(), ids);
        }
    }

    [Fact]
    public async Task Build_IsDeterministic()
    {
        var a = (await ExportBitoProAsync())["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
        var b = (await ExportBitoProAsync())["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Id_IsAVersion5Uuid() =>
        Assert.Matches("^incident--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", StixExporter.Id("incident", "incident:1"));

    private static string Type(JsonObject o) => o["type"]!.GetValue<string>();

    private static (string, string, string) Rel(JsonObject r) =>
        (r["relationship_type"]!.GetValue<string>(), r["source_ref"]!.GetValue<string>(), r["target_ref"]!.GetValue<string>());
}
