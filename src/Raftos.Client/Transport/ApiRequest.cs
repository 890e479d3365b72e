using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Raftos.Client.Transport;

/// <summary>
/// One call of the API, sent as often as its <see cref="Retry"/> allows, always with the same
/// <see cref="RequestId"/> so that the server applies a retried write once.
/// </summary>
internal sealed record ApiRequest(HttpMethod Method, string PathAndQuery, Retry Retry, byte[]? Body = null, string? ContentType = null)
{
    /// <summary>Sent as <see cref="MasterConnection.RequestIdHeader"/> on every attempt.</summary>
    public string RequestId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>A request with <paramref name="body"/> as its JSON body.</summary>
    public static ApiRequest Json<T>(HttpMethod method, string pathAndQuery, Retry retry, T body, JsonTypeInfo<T> type)
        => new(method, pathAndQuery, retry, JsonSerializer.SerializeToUtf8Bytes(body, type), "application/json");

    /// <summary>The message of one attempt at <paramref name="master"/>.</summary>
    public HttpRequestMessage ToMessage(Uri master)
    {
        var message = new HttpRequestMessage(Method, new Uri(master, PathAndQuery));
        message.Headers.Add(MasterConnection.RequestIdHeader, RequestId);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        }

        return message;
    }
}
