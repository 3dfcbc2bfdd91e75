using System.Buffers.Binary;
using System.Diagnostics;
using AngleSharp.Html.Parser;
using NewsMiner.Core.Export;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Export;

public sealed class HtmlReportTests
{
    private static readonly DateTimeOffset Generated = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    private static List<StoredIncident> Incidents() =>
    [
        new() { Id = 1, Victim = "BitoPro", VictimType = VictimTypes.Exchange, Amount = 11_000_000m, Currency = "USD", AmountUsd = 11_000_000m, Actor = "Lazarus Group",
                ActorAlternatives = [new Alternative("Kimsuky", 0.3, 1)], Date = "2025-05-08", Mixers = ["Tornado Cash", "THORChain"],
                Sources = ["https://a.example/bitopro", "https://b.example/bitopro"] },
        new() { Id = 2, Victim = "<script>alert('x')</script> & Co", VictimType = VictimTypes.DeFi, Amount = 4_000m, Currency = "ETH", AmountUsd = 14_400_000m,
                AmountUsdDerived = true, UsdNote = "4000 ETH at the 2024-03 reference price", Date = "2024-03-10", Sources = ["https://c.example/x?a=1&b=2"] },
        new() { Id = 3, Victim = "Orbit Chain", VictimType = VictimTypes.Bridge, Amount = 81_500_000m, Currency = "USD", AmountUsd = 81_500_000m, Date = "2024-01",
                Sources = ["/tmp/pages/orbit.html"] },
        new() { Id = 4, Victim = "Undated", Sources = ["https://d.example/u"] },
    ];

    [Fact]
    public void Render_IsOneSelfContainedPage_WithTheTableAndThreeCharts()
    {
        var html = HtmlReport.Render(Incidents(), "demo.db", Generated);
        var doc = new HtmlParser().ParseDocument(html);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("link, img, iframe, object, embed"));
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        // The only URLs are the source links.
        Assert.All(doc.QuerySelectorAll("[src]"), e => Assert.Fail("external resource: " + e.OuterHtml));
        Assert.All(doc.QuerySelectorAll("[href]"), e => Assert.Equal("A", e.TagName));

        foreach (var id in new[] { "chart-month", "chart-actor", "chart-victim-type" })
        {
            var figure = doc.GetElementById(id);
            Assert.NotNull(figure);
            Assert.NotEmpty(figure!.QuerySelectorAll("svg rect.bar"));
        }
        var rows = doc.QuerySelectorAll("#incidents tbody tr");
        Assert.Equal(4, rows.Length);
        Assert.Equal("4", doc.GetElementById("total-incidents")!.TextContent);
        Assert.Contains("<script>alert('x')</script> & Co", rows[1].Children[2].TextContent);
        Assert.StartsWith("≈", rows[1].Children[5].TextContent);
        Assert.Equal("https://c.example/x?a=1&b=2", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Kimsuky", rows[0].Children[6].TextContent);
    }

    [Fact]
    public void Render_NoIncidents_StillAValidPage()
    {
        var doc = new HtmlParser().ParseDocument(HtmlReport.Render([], "empty.db", Generated));
        Assert.Empty(doc.QuerySelectorAll("#incidents tbody tr"));
        Assert.Equal("0", doc.GetElementById("total-incidents")!.TextContent);
    }

    [Theory]
    [InlineData(1_500_000_000, "$1.5bn")]
    [InlineData(11_000_000, "$11m")]
    [InlineData(250_000, "$250k")]
    public void Short_FormatsUsd(decimal usd, string expected) => Assert.Equal(expected, HtmlReport.Short(usd));

    /// <summary>Renders the page in headless Chromium through scripts/check-report.sh when Chromium is installed.</summary>
    [Fact]
    public async Task Report_RendersInHeadlessChromium_WhenInstalled()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null) return; // The structure tests above still run; scripts/check-report.sh installs Chromium.
        using var dir = new TempDir();
        var report = dir.File("report.html");
        File.WriteAllText(report, HtmlReport.Render(Incidents(), "demo.db", Generated));
        var png = dir.File("report.png");
        var psi = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepoRoot, "scripts", "check-report.sh"), report, png])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = await p.StandardOutput.ReadToEndAsync(timeout.Token);
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"check-report.sh exited {p.ExitCode}: {stdout} {await stderr}");
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.True(bytes.Length > 20_000, $"the screenshot is suspiciously small ({bytes.Length} bytes): is the page blank?");
    }
}
