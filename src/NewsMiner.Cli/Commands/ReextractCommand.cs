using System.CommandLine;
using Microsoft.Extensions.Logging;
using NewsMiner.Core;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;

namespace NewsMiner.Cli.Commands;

internal static class ReextractCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var models = CommonOptions.Models();
        var cmd = new Command("reextract", "Re-run extraction on every stored article with the current models, update its mentions and re-merge incidents.") { db, models };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            using var logging = CommonOptions.Logging(parse);
            var logger = logging.CreateLogger("reextract");
            using var extractor = MlNetIncidentExtractor.Load(parse.GetValue(models)!);
            // One job per database at a time: a feed run and a re-extraction both rewrite mentions and merges.
            using var runLock = RunLock.Acquire(parse.GetValue(db)!);
            using var store = CommonOptions.OpenExisting(parse.GetValue(db)!);
            await MiningPipeline.MarkInterruptedJobsAsync(store, logger, ct);
            var incidentsBefore = await store.CountAsync("incidents", ct);
            var runId = await store.StartRunAsync(ct, "reextract");
            int done = 0, failed = 0, before = 0, after = 0, created = 0, removed = 0;
            var failures = new List<string>();
            foreach (var a in await store.ListArticlesAsync(ct))
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var outcome = await store.ReplaceExtractionAsync(a.Id, extractor.Extract(a.Article), ct);
                    (done, before, after, created, removed) = (done + 1, before + outcome.MentionsBefore, after + outcome.MentionsAfter,
                        created + outcome.IncidentsCreated, removed + outcome.IncidentsRemoved);
                    logger.LogDebug("{Url}: {Before} -> {After} mention(s)", a.Url, outcome.MentionsBefore, outcome.MentionsAfter);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed++;
                    var reason = ex is NewsMinerInputException n ? n.Reason : $"{ex.GetType().Name}: {ex.Message}";
                    failures.Add($"article {a.Url}: {reason}");
                    logger.LogWarning("Article {Url} failed: {Reason}", a.Url, reason);
                }
            }
            var incidentsAfter = await store.CountAsync("incidents", ct);
            await store.FinishRunAsync(runId, new RunCounts(0, 0, done, 0, failed, created), failures, CancellationToken.None);
            Console.WriteLine($"articles: {done} re-extracted, {failed} failed; mentions: {before} before, {after} after; " +
                              $"incidents: {incidentsBefore} before, {incidentsAfter} after ({created} new, {removed} removed)");
            foreach (var f in failures) Console.Error.WriteLine($"failed: {f}");
            return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }));
        return cmd;
    }
}
