namespace Raftos.Client;

/// <summary>A task, as <c>GET /v1/tasks</c> shows it.</summary>
/// <param name="Id">Task id: job, slot and sequence, e.g. <c>web.0.3</c>.</param>
/// <param name="JobId">Its job.</param>
/// <param name="JobVersion">The job version it runs.</param>
/// <param name="Slot">The job's slot it fills.</param>
/// <param name="State"><c>pending</c>, <c>assigned</c>, <c>starting</c>, <c>running</c>, <c>finished</c>, <c>failed</c>, <c>killed</c> or <c>lost</c>.</param>
/// <param name="Desired"><c>run</c> or <c>stop</c>.</param>
/// <param name="AgentId">The agent it is placed on, if any.</param>
/// <param name="Epoch">Its assignment epoch.</param>
/// <param name="Resources">What it reserves.</param>
/// <param name="Ports">The ports it was handed, by name.</param>
/// <param name="ExitCode">Its process's exit code, once it exited.</param>
/// <param name="Reason">Why it is in its state (for a pending task: why it waits).</param>
/// <param name="NotBefore">For a pending restart: the earliest time it may start.</param>
/// <param name="History">Its state changes, oldest first.</param>
public sealed record TaskInfo(
    string Id,
    string JobId,
    long JobVersion,
    string Slot,
    string State,
    string Desired,
    string? AgentId,
    long Epoch,
    ResourceAmounts Resources,
    IReadOnlyDictionary<string, int> Ports,
    int? ExitCode,
    string Reason,
    DateTimeOffset? NotBefore,
    IReadOnlyList<TaskTransition> History);
