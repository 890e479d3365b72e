using System.Text.Json;
using Raftos.Core.Agents;
using Raftos.Core.Jobs;
using Raftos.Core.State;
using Raftos.Core.Tasks;
using Raftos.Master.Api;

namespace Raftos.Master.Events;

/// <summary>
/// Derives the events of one applied entry from what it changed, deterministically: key-value
/// changes in apply order, then masters, agents, jobs and tasks, each in id order. Two steps:
/// <see cref="Collect"/> builds the views under the state lock, <see cref="Serialize"/> turns
/// them into JSON after it is released.
/// </summary>
internal static class EntryEvents
{
    private static readonly JsonSerializerOptions Json = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>An event whose data is still a view.</summary>
    public readonly record struct Pending(string Kind, string? JobId, object Data);

    /// <summary>
    /// The events of the entry at <paramref name="index"/>, read from <paramref name="state"/> just
    /// after it was applied. <paramref name="agents"/> holds each changed agent's record before
    /// and after; <paramref name="mastersBefore"/> the master records before, when the entry could
    /// change them.
    /// </summary>
    public static List<Pending> Collect(ClusterState state, long index, IEnumerable<(AgentRecord? Before, AgentRecord After)> agents, IReadOnlyList<MasterRecord>? mastersBefore)
    {
        var events = new List<Pending>();
        foreach (var change in state.KeyValues.EntryChanges)
        {
            var value = change.Value is null ? null : Convert.ToBase64String(change.Value);
            events.Add(new(EventKinds.KeyValue, null, new KeyValueEvent(index, value is null ? "delete" : "put", change.Key, change.Revision, value)));
        }

        if (mastersBefore is not null)
            AddMasters(events, index, mastersBefore, state.Masters.All);

        foreach (var (before, after) in agents.OrderBy(a => a.After.Id, StringComparer.Ordinal))
        {
            if (AgentChange(before, after) is { } change)
                events.Add(new(EventKinds.Agent, null, new AgentEvent(index, change, FleetViews.Agent(state.Fleet, after, null))));
        }

        foreach (var job in state.Fleet.Jobs.EntryChanges)
            events.Add(new(EventKinds.Job, job.Id, new JobEvent(index, JobChange(job, index), FleetViews.Job(state.Fleet, job, withTasks: false))));

        foreach (var task in state.Fleet.Tasks.EntryChanges)
        {
            // Only state changes: a pending task's new reason or a stop request is not one.
            if (task.History.Count > 0 && task.History[^1].Index == index)
                events.Add(new(EventKinds.Task, task.JobId, new TaskEvent(index, task.State.Name(), FleetViews.Task(task))));
        }

        return events;
    }

    /// <summary>The events with their data as JSON.</summary>
    public static List<ClusterEvent> Serialize(long index, List<Pending> pending)
        => pending.ConvertAll(e => new ClusterEvent(index, e.Kind, e.JobId, JsonSerializer.Serialize(e.Data, e.Data.GetType(), Json)));

    private static void AddMasters(List<Pending> events, long index, IReadOnlyList<MasterRecord> before, IReadOnlyCollection<MasterRecord> after)
    {
        foreach (var record in after.Where(a => !before.Contains(a)))
            events.Add(new(EventKinds.Master, null, new MasterEvent(index, "added", record.Id, record.RaftEndpoint, record.HttpUrl)));
        foreach (var record in before.Where(b => !after.Any(a => a.Id == b.Id)))
            events.Add(new(EventKinds.Master, null, new MasterEvent(index, "removed", record.Id, record.RaftEndpoint, record.HttpUrl)));
    }

    private static string? AgentChange(AgentRecord? before, AgentRecord after)
    {
        if (before is null || before.Epoch != after.Epoch)
            return "registered";
        if (before.Status != after.Status && after.Status == AgentStatus.Lost)
            return "lost";
        if (before.Draining != after.Draining)
            return after.Draining ? "drained" : "undrained";
        return null;
    }

    private static string JobChange(JobRecord job, long index)
    {
        if (job.Stopped)
            return "stopped";
        return job.CreatedIndex == index ? "submitted" : "updated";
    }
}
