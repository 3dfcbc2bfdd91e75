using System.CommandLine;
using System.Text.Json;
using NewsMiner.Core;

namespace NewsMiner.Cli.Commands;

/// <summary><c>newsminer requeue</c>: given-up queue items back to pending, for the next run to try again.</summary>
internal static class RequeueCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("URL") { Description = "Queue items to requeue (as in the queue table's url). None: every given-up item.", Arity = ArgumentArity.ZeroOrMore };
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var cmd = new Command("requeue", "Put given-up articles back in the queue (attempts reset), for the next run to try again.") { urls, db, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var path = parse.GetValue(db)!;
            using var store = CommonOptions.OpenExisting(path);
            var result = await store.RequeueGivenUpAsync(parse.GetValue(urls) ?? [], ct);
            if (result.Problems.Count > 0)
            {
                foreach (var (url, problem) in result.Problems) Console.Error.WriteLine($"error: {url}: {problem} ({path}); nothing was requeued");
                return ExitCodes.UsageOrInput;
            }
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { requeued = result.Requeued, refused = result.Refused }));
            else
            {
                Console.WriteLine($"requeued: {result.Requeued.Count}; left given up: {result.Refused.Count} (links a remote feed may not send NewsMiner to)");
                foreach (var u in result.Requeued) Console.WriteLine($"requeued: {u}");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
