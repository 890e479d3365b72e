using Raftos.Core.Jobs;

namespace Raftos.Master.Api;

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(
    string Id,
    string Status,
    long Version,
    string SubmittedAt,
    string UpdatedAt,
    IReadOnlyDictionary<string, int> Tasks,
    PlacementView Placement,
    JobSpec Spec,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<TaskView>? TaskList);
