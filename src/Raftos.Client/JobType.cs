using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>How a job's tasks are kept running.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobType>))]
public enum JobType
{
    /// <summary>Keep <c>count</c> tasks running; restart them whenever they exit.</summary>
    [JsonStringEnumMemberName("service")]
    Service = 1,

    /// <summary>Run <c>count</c> tasks to exit code 0, retrying failures up to the restart policy's attempts.</summary>
    [JsonStringEnumMemberName("batch")]
    Batch = 2,

    /// <summary>One task on every eligible agent, including agents that join later.</summary>
    [JsonStringEnumMemberName("system")]
    System = 3,
}
