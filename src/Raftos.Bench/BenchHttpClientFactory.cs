using System.Net;

namespace Raftos.Bench;

/// <summary>
/// One SocketsHttpHandler shared by every simulated client so connections are pooled and kept alive,
/// as a real application would do; a handler per client would measure connection setup instead.
/// </summary>
internal static class BenchHttpClientFactory
{
    public static HttpClient Create(int maxConcurrency, TimeSpan requestTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            // Every simulated client must get its own keep-alive connection, or requests queue inside the pool.
            MaxConnectionsPerServer = Math.Max(maxConcurrency, 1),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            // A proxy from the environment would put a third process in the measured path.
            UseProxy = false,
            // A redirect from a follower must show up as an error rather than silently doubling the round trips.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };

        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
