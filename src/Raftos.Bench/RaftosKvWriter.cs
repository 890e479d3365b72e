using System.Globalization;
using System.Net.Http.Headers;

namespace Raftos.Bench;

/// <summary>Raftos put: <c>PUT {endpoint}/v1/kv/{key}</c> with the raw value bytes as the body.</summary>
internal sealed class RaftosKvWriter(HttpClient http) : IKvWriter
{
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    public async Task<string?> PutAsync(Uri endpoint, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        // Keys keep their slashes: the contract is a catch-all route, like Consul's /v1/kv/.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(endpoint, "v1/kv/" + key));
        request.Content = new ReadOnlyMemoryContent(value);
        request.Content.Headers.ContentType = OctetStream;
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
    }
}
