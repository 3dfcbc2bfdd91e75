using System.Net;
using System.Net.Sockets;

namespace NewsMiner.Core.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 with a random free port; routes map a path to a handler.</summary>
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
                try
                {
                    if (_routes.TryGetValue(ctx.Request.Url!.AbsolutePath, out var h)) await h(ctx);
                    else { ctx.Response.StatusCode = 404; ctx.Response.Close(); }
                }
                catch (Exception) { try { ctx.Response.Abort(); } catch (Exception) { } }
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
