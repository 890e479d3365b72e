using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Raftos.EndToEnd.Tests;

/// <summary>The HTTP calls the tests make, with short timeouts so a dead master fails fast.</summary>
internal sealed class RaftosHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(15) };

    public sealed record ClusterView(string NodeId, string? LeaderId, long Term, long CommitIndex, long AppliedIndex, List<MasterView> Masters);

    public sealed record MasterView(string? Id, string RaftAddress, string? HttpAddress, string Role, string Status, bool Voter);

    public sealed record KeyValue(string Key, string Value, long CreateRevision, long ModRevision, long Version)
    {
        public string Text => Encoding.UTF8.GetString(Convert.FromBase64String(Value));
    }

    public sealed record WriteResult(HttpStatusCode Status, long Revision, long Index, string Body);

    public async Task<ClusterView?> ClusterAsync(string url)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        return await Client.GetFromJsonAsync<ClusterView>($"{url}/v1/cluster", timeout.Token);
    }

    public async Task<WriteResult> PutAsync(string url, string key, string value, long? cas = null, string? requestId = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{url}/v1/kv/{key}{(cas is null ? "" : $"?cas={cas}")}")
        {
            Content = new StringContent(value),
        };
        if (requestId is not null)
            request.Headers.Add("X-Raftos-Request-Id", requestId);
        return await SendWriteAsync(request, timeout);
    }

    public async Task<WriteResult> DeleteAsync(string url, string key, long? cas = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{url}/v1/kv/{key}{(cas is null ? "" : $"?cas={cas}")}");
        return await SendWriteAsync(request, null);
    }

    private async Task<WriteResult> SendWriteAsync(HttpRequestMessage request, TimeSpan? timeout)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        using var response = await Client.SendAsync(request, cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);
        long revision = 0;
        if (response.IsSuccessStatusCode)
            revision = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("revision").GetInt64();
        return new WriteResult(response.StatusCode, revision, IndexOf(response), body);
    }

    public async Task<(HttpStatusCode Status, KeyValue? Value, long Index)> GetAsync(string url, string key, bool stale = false)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Client.GetAsync($"{url}/v1/kv/{key}{(stale ? "?stale" : "")}", cts.Token);
        var value = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<KeyValue>(cts.Token) : null;
        return (response.StatusCode, value, IndexOf(response));
    }

    /// <summary>
    /// Puts with the retries a careful client makes: on a transport error or 503, the same
    /// request id goes to the next master, so the write is applied at most once.
    /// </summary>
    public async Task<WriteResult> PutWithRetriesAsync(IReadOnlyList<string> urls, string key, string value, TimeSpan timeout)
    {
        var requestId = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + timeout;
        var start = Random.Shared.Next(urls.Count);
        for (var attempt = 0; ; attempt++)
        {
            var url = urls[(start + attempt) % urls.Count];
            try
            {
                var result = await PutAsync(url, key, value, requestId: requestId, timeout: TimeSpan.FromSeconds(3));
                if (result.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                    return result;
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(10);
        }
    }

    private static long IndexOf(HttpResponseMessage response)
        => response.Headers.TryGetValues("X-Raftos-Index", out var values) ? long.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture) : -1;

    public void Dispose() => Client.Dispose();
}
