using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>A job, as <c>GET /v1/jobs</c> shows it.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Status"><c>pending</c>, <c>running</c>, <c>complete</c> or <c>failed</c> (batch), <c>stopped</c> (tasks still ending) or <c>dead</c>.</param>
/// <param name="Version">Spec version, raised by each changed submission.</param>
/// <param name="SubmittedAt">When first submitted.</param>
/// <param name="UpdatedAt">When last changed.</param>
/// <param name="Tasks">How many of its tasks are in each state, by state name.</param>
/// <param name="Placement">What waits, what runs, and why.</param>
/// <param name="Spec">The spec, with the server's defaults filled in.</param>
/// <param name="TaskList">Every task with its history: only from <see cref="JobsClient.GetAsync"/>.</param>
public sealed record JobInfo(
    string Id,
    string Status,
    long Version,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, int> Tasks,
    JobPlacement Placement,
    JobSpec Spec,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<TaskInfo>? TaskList);
