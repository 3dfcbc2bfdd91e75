using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NewsMiner.Core.Tests.Support;

/// <summary>A request the server answered: its path, its conditional headers, and the status it got.</summary>
internal sealed record RecordedRequest(string Path, string? IfNoneMatch, string? IfModifiedSince, int Status);

/// <summary>A feed (or page) that answers conditional requests: change <see cref="Body"/> and <see cref="ETag"/> to publish a new version.</summary>
internal sealed class ConditionalResource(byte[] body, string? etag, string? lastModified)
{
    public byte[] Body { get; set; } = body;
    public string? ETag { get; set; } = etag;
    public string? LastModified { get; set; } = lastModified;
}

/// <summary>A real HTTP server on 127.0.0.1 with a random free port; routes map a path to a handler; every answered request is recorded.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackServer()
    {
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string BaseUrl { get; }
    public int Requests;

    private readonly ConcurrentQueue<RecordedRequest> _log = new();
    private int _answered;

    /// <summary>
    /// Every request answered so far, in the order the answers finished. A client can read its response before the
    /// handler returns, so this waits (up to 5 s) until every request the server has accepted is recorded.
    /// </summary>
    public IReadOnlyCollection<RecordedRequest> Log
    {
        get
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _answered) >= Volatile.Read(ref Requests), TimeSpan.FromSeconds(5));
            return _log.ToArray();
        }
    }

    public void Map(string path, Func<HttpListenerContext, Task> handler) => _routes[path] = handler;

    public void MapBytes(string path, byte[] body, string contentType, int status = 200) => Map(path, async ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    });

    public void MapText(string path, string body, string contentType = "text/html; charset=utf-8", int status = 200) =>
        MapBytes(path, System.Text.Encoding.UTF8.GetBytes(body), contentType, status);

    /// <summary>
    /// Serves <paramref name="resource"/> with its ETag and Last-Modified headers, and answers 304 with no body to a
    /// request whose If-None-Match or If-Modified-Since matches the current version (as HTTP caches do: RFC 9110 13.1).
    /// </summary>
    public void MapConditional(string path, ConditionalResource resource, string contentType = "application/rss+xml") => Map(path, async ctx =>
    {
        var (body, etag, modified) = (resource.Body, resource.ETag, resource.LastModified);
        if (etag is not null) ctx.Response.Headers["ETag"] = etag;
        if (modified is not null) ctx.Response.Headers["Last-Modified"] = modified;
        var inm = ctx.Request.Headers["If-None-Match"];
        var ims = ctx.Request.Headers["If-Modified-Since"];
        var unchanged = inm is not null ? etag is not null && inm == etag : ims is not null && modified is not null && ims == modified;
        if (unchanged)
        {
            ctx.Response.StatusCode = 304;
            ctx.Response.Close();
            return;
        }
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    });

    /// <summary>Forgets the requests answered so far (after waiting for those in flight, so none is recorded late).</summary>
    public void ClearLog()
    {
        _ = Log;
        _log.Clear();
    }

    /// <summary>The recorded requests for one path.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string path) => Log.Where(r => r.Path == path).ToList();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            Interlocked.Increment(ref Requests);
            _ = Task.Run(async () =>
            {
                var path = ctx.Request.Url!.AbsolutePath;
                var (inm, ims) = (ctx.Request.Headers["If-None-Match"], ctx.Request.Headers["If-Modified-Since"]);
                try
                {
                    if (_routes.TryGetValue(path, out var h)) await h(ctx);
                    else { ctx.Response.StatusCode = 404; ctx.Response.Close(); }
                    _log.Enqueue(new RecordedRequest(path, inm, ims, ctx.Response.StatusCode));
                }
                catch (Exception)
                {
                    _log.Enqueue(new RecordedRequest(path, inm, ims, 0));
                    try { ctx.Response.Abort(); } catch (Exception) { }
                }
                finally { Interlocked.Increment(ref _answered); }
            });
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
