using System.Net;
using System.Net.Http.Headers;

namespace NewsMiner.Core.Fetching;

/// <summary>HTTP settings; defaults in one place.</summary>
public sealed record FetchOptions
{
    public static readonly FetchOptions Default = new();

    /// <summary>User-Agent sent with every request. Default names NewsMiner and where to read about it.</summary>
    public string UserAgent { get; init; } = "NewsMiner/0.1 (+https://github.com/newsminer/newsminer; crypto-theft news research)";

    /// <summary>Time allowed for one request, body included. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, after decompression. Default 10 MB.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed at most. Default 5.</summary>
    public int MaxRedirects { get; init; } = 5;
}

/// <summary>A fetched body with its content type and the URL it finally came from.</summary>
public sealed record FetchResult(string Url, byte[] Body, string? ContentType);

/// <summary>
/// One shared HttpClient for the whole run: honest User-Agent, decompression, bounded redirects, a per-request
/// timeout, and a streamed size cap (a body over the cap, compressed or not, is aborted).
/// </summary>
public sealed class HttpFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;

    public HttpFetcher(FetchOptions? options = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? FetchOptions.Default;
        handler ??= new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = _options.MaxRedirects,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.5");
    }

    public async Task<FetchResult> GetAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new NewsMinerInputException(url, "only http(s) URLs are fetched");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is >= 300 and < 400)
                throw new NewsMinerInputException(url, $"too many redirects (more than {_options.MaxRedirects}) or a redirect without a location");
            if (!response.IsSuccessStatusCode)
                throw new NewsMinerInputException(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength is { } len && len > _options.MaxBytes)
                throw new NewsMinerInputException(url, $"the body is {len / (1024 * 1024)} MB, over the {_options.MaxBytes / (1024 * 1024)} MB limit");
            var body = await ReadCappedAsync(url, response.Content, timeout.Token);
            return new FetchResult(response.RequestMessage?.RequestUri?.ToString() ?? url, body, response.Content.Headers.ContentType?.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NewsMinerInputException(url, $"timed out after {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new NewsMinerInputException(url, $"request failed ({reason})", ex);
        }
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
                throw new NewsMinerInputException(url, $"the body is over the {_options.MaxBytes / (1024 * 1024)} MB limit (download aborted)");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public void Dispose() => _client.Dispose();
}
