using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>What each task of a job runs and needs; what is null takes the server's default.</summary>
public sealed record TaskSpec
{
    /// <summary>Executable: a path, or a name looked up on the agent's PATH.</summary>
    public required string Command { get; init; }

    /// <summary>Arguments, passed verbatim (no shell).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Extra environment variables.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>CPU, memory and disk reserved for each task (default 100 millicores, 64 MB); memory is also its limit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResourceAmounts? Resources { get; init; }

    /// <summary>Named ports, each handed to the task as <c>RAFTOS_PORT_{NAME}</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Ports { get; init; }
}
