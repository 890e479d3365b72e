using System.Net;
using System.Text.Json;

namespace Raftos.Agent.Masters;

/// <summary>A master's answer: the status and the body, parsed on demand.</summary>
public sealed record MasterReply(HttpStatusCode Status, byte[] Body)
{
    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as <typeparamref name="T"/>.</summary>
    public T Read<T>() => JsonSerializer.Deserialize<T>(Body, MasterClient.Json)
                          ?? throw new InvalidDataException($"the master answered {(int)Status} with an empty body");

    /// <summary>The problem detail, for logs.</summary>
    public string Detail
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty;
            }
            catch (JsonException)
            {
                return string.Empty;
            }
        }
    }
}
