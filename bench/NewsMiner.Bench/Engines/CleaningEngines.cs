using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using NewsMiner.Bench.Harness;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning;

namespace NewsMiner.Bench.Engines;

/// <summary>The engines that turn a page into text (or, for the floor, into a DOM), each as its users would call it.</summary>
internal static class CleaningEngines
{
    public const string NewsMiner = "newsminer";
    public const string AngleSharpParse = "anglesharp-parse";
    public const string SmartReader = "smartreader";

    /// <summary>
    /// NewsMiner's cleaner from the page's bytes (it detects the charset and decodes itself). One instance serves
    /// every thread, as one serves the whole pipeline. A page it refuses counts as an empty result.
    /// </summary>
    public static Workload<BenchPage> NewsMinerClean()
    {
        var cleaner = new AngleSharpArticleCleaner();
        return new(NewsMiner, p =>
        {
            try { return cleaner.Clean(new RawPage(p.Id, p.Url, p.Bytes)); }
            catch (NewsMinerInputException) { return null; }
        }, r => Text(r));
    }

    /// <summary>The floor: AngleSharp's HTML parse of the decoded string, nothing else.</summary>
    public static Workload<BenchPage> Parse() =>
        new(AngleSharpParse, p => new HtmlParser().ParseDocument(p.Html), r => r is IHtmlDocument d ? d.All.Length.ToString() : "");

    /// <summary>SmartReader (a Readability port on AngleSharp) with default settings, from the decoded string.</summary>
    public static Workload<BenchPage> SmartReaderArticle() =>
        new(SmartReader, p => new SmartReader.Reader(p.Url, p.Html).GetArticle(), r => Text(r));

    /// <summary>The main text an engine's result holds ("" for none or a refused page).</summary>
    public static string Text(object? result) => result switch
    {
        CleanedArticle a => a.Text,
        SmartReader.Article a => a.TextContent ?? "",
        _ => "",
    };

    /// <summary>True when the engine could not read the page: NewsMiner refused it, or SmartReader recorded errors.</summary>
    public static bool Failed(object? result) => result switch
    {
        null => true,
        SmartReader.Article a => !a.Completed || a.Errors.Count > 0,
        _ => false,
    };
}
