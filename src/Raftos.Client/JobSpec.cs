using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>
/// What to run: the body of <c>POST /v1/jobs</c>, and the <c>spec</c> of a job as shown. What
/// is null is left out of the request and takes the server's default; submitting a spec
/// with an existing id updates that job.
/// </summary>
public sealed record JobSpec
{
    /// <summary>Job id, unique in the cluster.</summary>
    public required string Id { get; init; }

    /// <summary>Service (the default), batch or system.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JobType? Type { get; init; }

    /// <summary>The team the job belongs to (default <c>default</c>), for fair sharing and quotas.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>0 to 100 (default 50); higher is placed first and may preempt lower.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Priority { get; init; }

    /// <summary>Tasks to keep running or complete (default 1); ignored for system jobs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }

    /// <summary>What each task runs.</summary>
    public required TaskSpec Task { get; init; }

    /// <summary>Conditions on agent attributes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Constraint>? Constraints { get; init; }

    /// <summary>How agents are ranked (default binpack).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlacementStrategy? Strategy { get; init; }

    /// <summary>Restarts and retries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RestartPolicy? Restart { get; init; }

    /// <summary>With the spread strategy, the attribute whose values the tasks spread over.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SpreadBy { get; init; }

    /// <summary>Tasks down at once during a rolling update (default 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxUnavailable { get; init; }
}
