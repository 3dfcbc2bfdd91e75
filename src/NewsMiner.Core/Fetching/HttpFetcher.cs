using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace NewsMiner.Core.Fetching;

/// <summary>HTTP settings; defaults in one place.</summary>
public sealed record FetchOptions
{
    public static readonly FetchOptions Default = new();

    /// <summary>User-Agent sent with every request: names NewsMiner and where to read about it (set a contact URL).</summary>
    public string UserAgent { get; init; } = "NewsMiner/0.1 (+https://github.com/newsminer/newsminer; crypto-theft news research)";

    /// <summary>Time allowed for one attempt, body included. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a timeout, a 429 or a 5xx (exponential backoff with jitter, Retry-After honoured). Default 3.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>First retry delay; later ones grow exponentially. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries, Retry-After included. Default 60 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest body accepted, after decompression. Default 10 MB.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed at most. Default 5.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Least time between two requests to one host (a robots.txt Crawl-delay can raise it). Default 1 s.</summary>
    public TimeSpan PerHostDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Respect robots.txt for article pages (feeds are fetched because the operator listed them). Default true.</summary>
    public bool RespectRobots { get; init; } = true;
}

/// <summary>A fetched body with its content type and the URL it finally came from.</summary>
public sealed record FetchResult(string Url, byte[] Body, string? ContentType)
{
    /// <summary>The response's ETag header as the server wrote it, or null.</summary>
    public string? ETag { get; init; }

    /// <summary>The response's Last-Modified header as the server wrote it, or null.</summary>
    public string? LastModified { get; init; }

    /// <summary>The server answered 304 Not Modified to a conditional request: <see cref="Body"/> is empty.</summary>
    public bool NotModified { get; init; }
}

/// <summary>
/// One shared HttpClient for the whole run: honest User-Agent, decompression, bounded redirects, a resilience
/// pipeline (per-attempt timeout, retries with exponential backoff and jitter on timeouts, 429 and 5xx, Retry-After
/// honoured), per-host politeness (one request at a time per host, a minimum delay between them), robots.txt for
/// article pages, and a streamed size cap (a body over the cap, compressed or not, is aborted).
/// </summary>
public sealed class HttpFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;
    private readonly ConcurrentDictionary<string, HostGate> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public HttpFetcher(FetchOptions? options = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? FetchOptions.Default;
        var inner = handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = _options.MaxRedirects,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, _options.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(_options.Retries > 0 && args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } r } => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout,
                    _ => false,
                }),
            })
            .AddTimeout(_options.Timeout)
            .Build();
        _client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = inner }) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.5");
    }

    /// <summary>Fetches a feed (or any URL the operator named): no robots.txt check.</summary>
    public Task<FetchResult> GetAsync(string url, CancellationToken ct) => GetAsync(url, checkRobots: false, null, null, ct);

    /// <summary>
    /// Fetches a feed with a conditional GET: <c>If-None-Match</c> with <paramref name="etag"/> and
    /// <c>If-Modified-Since</c> with <paramref name="lastModified"/> (each sent back exactly as the server wrote it,
    /// when known). A 304 answer gives a result with <see cref="FetchResult.NotModified"/> set and no body.
    /// </summary>
    public Task<FetchResult> GetFeedAsync(string url, string? etag, string? lastModified, CancellationToken ct) =>
        GetAsync(url, checkRobots: false, etag, lastModified, ct);

    /// <summary>Fetches an article page found in a feed: robots.txt is honoured when <see cref="FetchOptions.RespectRobots"/>.</summary>
    public Task<FetchResult> GetPageAsync(string url, CancellationToken ct) => GetAsync(url, checkRobots: _options.RespectRobots, null, null, ct);

    private async Task<FetchResult> GetAsync(string url, bool checkRobots, string? etag, string? lastModified, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new NewsMinerInputException(url, "only http(s) URLs are fetched");
        var gate = _hosts.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new HostGate());
        if (checkRobots)
        {
            var rules = await RobotsAsync(uri, gate, ct);
            if (!rules.IsAllowed(uri.PathAndQuery)) throw new NewsMinerInputException(url, "disallowed by the site's robots.txt");
        }
        return await FetchAsync(uri, url, gate, etag, lastModified, ct);
    }

    private async Task<FetchResult> FetchAsync(Uri uri, string url, HostGate gate, string? etag, string? lastModified, CancellationToken ct)
    {
        await gate.WaitTurnAsync(gate.CrawlDelay ?? _options.PerHostDelay, ct);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            var conditional = false;
            if (!string.IsNullOrWhiteSpace(etag)) conditional |= request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (!string.IsNullOrWhiteSpace(lastModified)) conditional |= request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var validators = (ETag: Header(response.Headers, "ETag"), LastModified: Header(response.Content.Headers, "Last-Modified"));
            var finalUrl = response.RequestMessage?.RequestUri?.ToString() ?? url;
            if (response.StatusCode == HttpStatusCode.NotModified && conditional)
                return new FetchResult(finalUrl, [], null) { NotModified = true, ETag = validators.ETag, LastModified = validators.LastModified };
            if (response.StatusCode == HttpStatusCode.NotModified)
                throw new NewsMinerInputException(url, "HTTP 304 Not Modified to a request that was not conditional");
            if ((int)response.StatusCode is >= 300 and < 400)
                throw new NewsMinerInputException(url, $"too many redirects (more than {_options.MaxRedirects}) or a redirect without a location");
            if (!response.IsSuccessStatusCode)
                throw new NewsMinerInputException(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (_options.Retries > 0 && ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429) ? $" (after {_options.Retries} retries)" : ""));
            if (response.Content.Headers.ContentLength is { } len && len > _options.MaxBytes && response.Content.Headers.ContentEncoding.Count == 0)
                throw new NewsMinerInputException(url, $"the body is larger than {_options.MaxBytes / (1024 * 1024)} MB ({len / (1024 * 1024)} MB announced; --max-mb); not downloaded");
            // The resilience pipeline's timeout covers each attempt up to the response headers; the body gets the
            // same allowance again, so a server that trickles bytes cannot hold the run.
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bodyTimeout.CancelAfter(_options.Timeout);
            byte[] body;
            try { body = await ReadCappedAsync(url, response.Content, bodyTimeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new NewsMinerInputException(url, $"timed out after {_options.Timeout.TotalSeconds:0.#} s reading the body (the server sends too slowly)");
            }
            return new FetchResult(finalUrl, body, response.Content.Headers.ContentType?.ToString())
            {
                ETag = validators.ETag, LastModified = validators.LastModified,
            };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new NewsMinerInputException(url, $"timed out after {_options.Timeout.TotalSeconds:0.#} s ({_options.Retries} retries)");
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new NewsMinerInputException(url, $"request failed ({reason})", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RobotsRules> RobotsAsync(Uri page, HostGate gate, CancellationToken ct)
    {
        if (gate.Robots is { } cached) return cached;
        RobotsRules rules;
        try
        {
            var robotsUri = new Uri(page, "/robots.txt");
            var r = await FetchAsync(robotsUri, robotsUri.ToString(), gate, null, null, ct);
            rules = RobotsRules.Parse(System.Text.Encoding.UTF8.GetString(r.Body), _options.UserAgent.Split('/')[0]);
        }
        catch (NewsMinerInputException)
        {
            // No robots.txt (404) or an unreachable one: RFC 9309 treats an unavailable file as "allow all".
            rules = RobotsRules.AllowAll;
        }
        gate.Robots = rules;
        gate.CrawlDelay = rules.CrawlDelay is { } d && d > _options.PerHostDelay ? d : null;
        return rules;
    }

    private async Task<byte[]> ReadCappedAsync(string url, HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes)
                throw new NewsMinerInputException(url, $"the body is larger than {_options.MaxBytes / (1024 * 1024)} MB after decompression (--max-mb); download aborted");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() : null;

    public void Dispose() => _client.Dispose();

    /// <summary>One request at a time per host, and a minimum delay between two of them.</summary>
    private sealed class HostGate
    {
        private readonly SemaphoreSlim _one = new(1, 1);
        private DateTime _last = DateTime.MinValue;

        public RobotsRules? Robots { get; set; }
        public TimeSpan? CrawlDelay { get; set; }

        public async Task WaitTurnAsync(TimeSpan delay, CancellationToken ct)
        {
            await _one.WaitAsync(ct);
            var wait = _last + delay - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, ct); }
                catch { _one.Release(); throw; }
            }
        }

        public void Release()
        {
            _last = DateTime.UtcNow;
            _one.Release();
        }
    }
}
