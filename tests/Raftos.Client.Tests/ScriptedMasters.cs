using System.Net;
using System.Text;

namespace Raftos.Client.Tests;

/// <summary>
/// An HTTP handler standing in for masters: each request is answered by the script, by the
/// master's host name, and recorded with its request id.
/// </summary>
internal sealed class ScriptedMasters(Func<HttpRequestMessage, HttpResponseMessage> script) : HttpMessageHandler
{
    public List<(string Master, HttpMethod Method, string Path, string? RequestId)> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = request.Headers.TryGetValues(RaftosClient.RequestIdHeader, out var ids) ? ids.Single() : null;
        lock (Requests)
            Requests.Add((request.RequestUri!.Host, request.Method, request.RequestUri.PathAndQuery, id));
        return Task.FromResult(script(request));
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json")
        => new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string json) => Json(status, json, "application/problem+json");

    public static HttpRequestException Refused() => new(HttpRequestError.ConnectionError, "Connection refused");

    public static RaftosClient ClientOf(ScriptedMasters masters, params string[] hosts)
        => new(new RaftosClientOptions
        {
            Masters = [.. hosts.Select(h => new Uri($"http://{h}:8101"))],
            BackoffMin = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(5),
        }, masters);
}
