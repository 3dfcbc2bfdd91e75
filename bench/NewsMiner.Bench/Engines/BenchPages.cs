using System.Text;
using NewsMiner.Core;
using NewsMiner.Core.Cleaning.Evaluation;

namespace NewsMiner.Bench.Engines;

/// <summary>
/// A page of the article-extraction benchmark with its HTML decoded once, up front: SmartReader and a bare parse
/// take a string, so decoding stays out of their timings. NewsMiner's cleaner takes the bytes, as it does in the
/// pipeline, and so pays for its own charset detection and decoding.
/// </summary>
internal sealed record BenchPage(string Id, string Url, byte[] Bytes, string Html, string Truth);

internal static class BenchPages
{
    /// <summary>Default benchmark folder, resolved from the working directory (the repository root).</summary>
    public const string DefaultDirectory = "../shared/benchmarks/article-extraction";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads the pages; the benchmark's pages are all UTF-8, and one that is not is refused by name.</summary>
    public static IReadOnlyList<BenchPage> Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new NewsMinerInputException(dir, "benchmark folder not found (run from the repository root, or pass --pages)");
        return CleaningBenchmark.LoadArticlePages(dir).Select(p =>
        {
            string html;
            try { html = StrictUtf8.GetString(p.Html); }
            catch (DecoderFallbackException ex) { throw new NewsMinerInputException(p.Id, $"page is not valid UTF-8 ({ex.Message})", ex); }
            if (html.Length > 0 && html[0] == '\uFEFF') html = html[1..];
            return new BenchPage(p.Id, p.Url ?? "http://localhost/" + p.Id, p.Html, html, p.Truth ?? "");
        }).ToList();
    }
}
