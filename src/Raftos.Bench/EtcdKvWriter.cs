using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Raftos.Bench;

/// <summary>etcd put through its v3 JSON gateway: <c>POST {endpoint}/v3/kv/put</c> with base64 key and value.</summary>
internal sealed class EtcdKvWriter(HttpClient http) : IKvWriter
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<string?> PutAsync(Uri endpoint, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        // Built by hand rather than through a serializer: base64 needs no JSON escaping and this is the hot path.
        var body = "{\"key\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(key))
            + "\",\"value\":\"" + Convert.ToBase64String(value.Span) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "v3/kv/put"));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = Json;
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
    }
}
