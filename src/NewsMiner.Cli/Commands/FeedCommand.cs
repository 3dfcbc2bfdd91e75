using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using Spectre.Console;

namespace NewsMiner.Cli.Commands;

/// <summary><c>newsminer feed SOURCE... [--json]</c>: reads feeds without fetching their articles, to debug a feed list.</summary>
internal static class FeedCommand
{
    public static Command Create()
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Feed URL, local feed file (RSS, Atom, JSON Feed), OPML file, or text file with one feed URL or path per line (as `run --feeds`).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = CommonOptions.Json();
        var cmd = new Command("feed", "Read feeds and list their items (title, absolute link, publication time in UTC) without fetching the articles.") { sources, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var asJson = parse.GetValue(json);
            var failed = false;
            using var fetcher = new HttpFetcher();
            foreach (var source in parse.GetValue(sources)!)
            {
                IReadOnlyList<FeedLocation> feeds;
                try { feeds = FeedSources.Resolve(source); }
                catch (NewsMinerInputException ex)
                {
                    failed = true;
                    Write(asJson, source, null, ex.Reason);
                    continue;
                }
                foreach (var feed in feeds)
                {
                    ct.ThrowIfCancellationRequested();
                    try { Write(asJson, feed.Value, await FeedLoader.ReadAsync(feed, fetcher, ct), null); }
                    catch (NewsMinerInputException ex)
                    {
                        failed = true;
                        Write(asJson, feed.Value, null, ex.Reason);
                    }
                }
            }
            return failed ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static string Iso(DateTimeOffset? d) => d?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    internal static string ToJsonLine(string source, ParsedFeed? feed, string? error) => error is not null || feed is null
        ? JsonSerializer.Serialize(new { source, error = error ?? "unknown error" }, JsonOptions.Compact)
        : JsonSerializer.Serialize(new
        {
            source,
            format = feed.Format,
            title = feed.Title,
            encoding = feed.Encoding,
            ttl_minutes = feed.Ttl?.TotalMinutes,
            items = feed.Items.Select(i => new { title = i.Title, link = i.Link, published = i.Published is null ? null : Iso(i.Published) }),
            warnings = feed.Warnings,
        }, JsonOptions.Compact);

    private static void Write(bool json, string source, ParsedFeed? feed, string? error)
    {
        if (json) { Console.WriteLine(ToJsonLine(source, feed, error)); return; }
        if (error is not null || feed is null)
        {
            Console.WriteLine($"{source}: error: {error}");
            return;
        }
        Console.WriteLine($"{source}: {feed.Format}, {feed.Encoding}, \"{feed.Title}\", {feed.Items.Count} item(s){(feed.Ttl is { } ttl ? $", asks to be read at most every {ttl.TotalMinutes:0} min" : "")}");
        foreach (var w in feed.Warnings) Console.WriteLine($"  warning: {w}");
        if (feed.Items.Count == 0) return;
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        var table = new Table().AddColumns("published (UTC)", "title", "link");
        foreach (var i in feed.Items)
            table.AddRow(Markup.Escape(Iso(i.Published)), Markup.Escape(i.Title ?? ""), Markup.Escape(i.Link ?? ""));
        AnsiConsole.Write(table);
    }
}
