using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>Restarts of service tasks and retries of failed batch tasks; what is null takes the server's default.</summary>
public sealed record RestartPolicy
{
    /// <summary>Retries of a failed batch task (default 3).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attempts { get; init; }

    /// <summary>Delay before the first restart, in ms (default 1000); it doubles with each failure.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DelayMs { get; init; }

    /// <summary>Longest delay between restarts, in ms (default 30000).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxDelayMs { get; init; }
}
