using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Cli.Commands;

internal static class CleanCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Saved HTML pages (or plain-text articles) to clean.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var url = new Option<string?>("--url") { Description = "The pages' original URL, to resolve relative links (optional)." };
        var cmd = new Command("clean", "Print the main text and metadata of saved pages.") { paths, json, url };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            return await CommonOptions.ForEachArticleAsync(parse.GetValue(paths)!, parse.GetValue(url), parse.GetValue(json), (path, a) =>
            {
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(ToJson(path, a), JsonOptions.Compact));
                else
                {
                    Console.WriteLine($"== {path}");
                    Console.WriteLine($"title:     {a.Title}");
                    Console.WriteLine($"author:    {a.Author}");
                    Console.WriteLine($"published: {a.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz")}");
                    Console.WriteLine($"language:  {a.Language}");
                    Console.WriteLine($"site:      {a.SiteName}");
                    Console.WriteLine($"url:       {a.Url}");
                    Console.WriteLine();
                    Console.WriteLine(a.Text);
                    Console.WriteLine();
                }
            }, ct);
        }));
        return cmd;
    }

    internal static object ToJson(string source, CleanedArticle a) => new
    {
        source,
        url = a.Url,
        title = a.Title,
        author = a.Author,
        published = a.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz"),
        language = a.Language,
        site_name = a.SiteName,
        text = a.Text,
    };
}
