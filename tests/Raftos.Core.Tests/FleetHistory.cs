using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// What must hold across entries, not just within one state: a task is assigned at most
/// once (its agent and epoch never change afterwards, so it can never run on two agents),
/// an ended task never changes again, and a task id dropped from the state never comes back.
/// </summary>
internal sealed class FleetHistory
{
    private readonly Dictionary<string, Seen> seen = new(StringComparer.Ordinal);
    private long observations;

    private readonly record struct Seen(string? AgentId, long Epoch, TaskState State, long At);

    /// <summary>Records the state after an entry and fails, prefixed by <paramref name="context"/>, on a violation.</summary>
    public void Check(ClusterState state, string context)
    {
        var violations = Observe(state);
        if (violations.Count > 0)
            Assert.Fail($"{context}: {violations.Count} violation(s) across entries:\n  " + string.Join("\n  ", violations.Take(20)));
    }

    public List<string> Observe(ClusterState state)
    {
        var errors = new List<string>();
        var current = observations++;
        foreach (var task in state.Fleet.Tasks.All)
        {
            if (seen.TryGetValue(task.Id, out var was))
            {
                // Seen before, but not at the previous observation: it was dropped and is back.
                if (was.At != current - 1)
                    errors.Add($"task {task.Id} was dropped and reappeared");
                if (was.AgentId is not null && (task.AgentId != was.AgentId || task.Epoch != was.Epoch))
                    errors.Add($"task {task.Id} assigned to {was.AgentId} under epoch {was.Epoch} is now on '{task.AgentId}' under epoch {task.Epoch}");
                if (was.State.IsTerminal() && task.State != was.State)
                    errors.Add($"task {task.Id} ended {was.State} and is now {task.State}");
                if (task.State < was.State)
                    errors.Add($"task {task.Id} went back from {was.State} to {task.State}");
            }

            seen[task.Id] = new Seen(task.AgentId, task.Epoch, task.State, current);
        }

        return errors;
    }
}
