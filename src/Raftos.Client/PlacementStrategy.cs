using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>How the scheduler ranks the agents that can take a task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlacementStrategy>))]
public enum PlacementStrategy
{
    /// <summary>Pack the fullest agents (the default).</summary>
    [JsonStringEnumMemberName("binpack")]
    Binpack = 1,

    /// <summary>Spread the job's tasks evenly over agents, or over the values of <c>spreadBy</c>.</summary>
    [JsonStringEnumMemberName("spread")]
    Spread = 2,
}
