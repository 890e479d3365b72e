using Raftos.Core.State;

namespace Raftos.Core.Tasks;

/// <summary>
/// Tasks by id, with the indexes the scheduler and the API need: by job, by agent (tasks
/// holding resources there, and their sum), the latest task of each job slot, and the
/// pending set. Every change goes through <see cref="Put"/> or <see cref="Remove"/>, which
/// keep the indexes exact. Changed only through <see cref="State.Fleet"/>.
/// </summary>
public sealed class TaskStore
{
    private readonly SortedDictionary<string, TaskRecord> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> byJob = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> onAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resources> allocated = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Job, string Slot), TaskRecord> latestBySlot = [];
    private readonly SortedSet<string> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resources> allocatedToRole = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> portsOnAgent = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, TaskRecord> entryChanges = new(StringComparer.Ordinal);

    /// <summary>All tasks in id order.</summary>
    public IReadOnlyCollection<TaskRecord> All => tasks.Values;

    /// <summary>
    /// Each task written by the last applied entry, as it was last written (also when the same
    /// entry then dropped it), in id order. Not replicated state: the master derives its event
    /// stream from it after each entry.
    /// </summary>
    public IReadOnlyCollection<TaskRecord> EntryChanges => entryChanges.Values;

    /// <summary>Number of tasks kept (ended ones included, up to the history bound).</summary>
    public int Count => tasks.Count;

    /// <summary>The next task sequence number.</summary>
    public long NextSequence { get; private set; } = 1;

    /// <summary>Ids of pending tasks, in id order.</summary>
    public IReadOnlyCollection<string> PendingIds => pending;

    /// <summary>The task, if kept.</summary>
    public TaskRecord? Get(string id) => tasks.GetValueOrDefault(id);

    /// <summary>Tasks of a job, in id order.</summary>
    public IEnumerable<TaskRecord> OfJob(string jobId)
        => byJob.TryGetValue(jobId, out var ids) ? ids.Select(id => tasks[id]) : [];

    /// <summary>Tasks holding resources on an agent, in id order.</summary>
    public IEnumerable<TaskRecord> OnAgent(string agentId)
        => onAgent.TryGetValue(agentId, out var ids) ? ids.Select(id => tasks[id]) : [];

    /// <summary>Number of tasks holding resources on an agent.</summary>
    public int CountOnAgent(string agentId) => onAgent.TryGetValue(agentId, out var ids) ? ids.Count : 0;

    /// <summary>Sum of the resources of the tasks holding resources on an agent.</summary>
    public Resources AllocatedOn(string agentId) => allocated.GetValueOrDefault(agentId);

    /// <summary>Sum of the resources held by a role's tasks, cluster-wide.</summary>
    public Resources AllocatedToRole(string role) => allocatedToRole.GetValueOrDefault(role);

    /// <summary>Roles whose tasks hold resources, with what they hold.</summary>
    public IReadOnlyDictionary<string, Resources> AllocatedByRole => allocatedToRole;

    /// <summary>Ports held by tasks on an agent.</summary>
    public IReadOnlySet<int> PortsOn(string agentId) => portsOnAgent.TryGetValue(agentId, out var ports) ? ports : NoPorts;

    private static readonly IReadOnlySet<int> NoPorts = new HashSet<int>();

    /// <summary>The most recently created task of a job slot, if any.</summary>
    public TaskRecord? LatestOfSlot(string jobId, string slot) => latestBySlot.GetValueOrDefault((jobId, slot));

    internal long TakeSequence() => NextSequence++;

    internal void Put(TaskRecord task)
    {
        var previous = tasks.GetValueOrDefault(task.Id);
        if (previous is not null)
            Unindex(previous);
        tasks[task.Id] = task;
        Index(task);
        entryChanges[task.Id] = task;
    }

    internal void ForgetEntryChanges() => entryChanges.Clear();

    internal void Remove(string id)
    {
        if (tasks.Remove(id, out var task))
        {
            Unindex(task);
            if (byJob.TryGetValue(task.JobId, out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                    byJob.Remove(task.JobId);
            }

            if (latestBySlot.TryGetValue((task.JobId, task.Slot), out var latest) && latest.Id == id)
                latestBySlot.Remove((task.JobId, task.Slot));
        }
    }

    private void Index(TaskRecord task)
    {
        if (!byJob.TryGetValue(task.JobId, out var ids))
            byJob[task.JobId] = ids = new SortedSet<string>(StringComparer.Ordinal);
        ids.Add(task.Id);

        var key = (task.JobId, task.Slot);
        if (!latestBySlot.TryGetValue(key, out var latest) || latest.Sequence <= task.Sequence)
            latestBySlot[key] = task;

        if (task.State == TaskState.Pending)
            pending.Add(task.Id);
        if (task.State.HoldsResources() && task.AgentId is { } agent)
        {
            if (!onAgent.TryGetValue(agent, out var held))
                onAgent[agent] = held = new SortedSet<string>(StringComparer.Ordinal);
            held.Add(task.Id);
            allocated[agent] = allocated.GetValueOrDefault(agent) + task.Resources;
            allocatedToRole[task.Role] = allocatedToRole.GetValueOrDefault(task.Role) + task.Resources;
            if (task.Ports.Count > 0)
            {
                if (!portsOnAgent.TryGetValue(agent, out var ports))
                    portsOnAgent[agent] = ports = [];
                foreach (var port in task.Ports.Values)
                    Invariant.Holds(ports.Add(port), "two tasks on one agent never hold the same port");
            }
        }
    }

    private void Unindex(TaskRecord task)
    {
        if (task.State == TaskState.Pending)
            pending.Remove(task.Id);
        if (task.State.HoldsResources() && task.AgentId is { } agent)
        {
            var held = onAgent[agent];
            held.Remove(task.Id);
            var roleLeft = allocatedToRole[task.Role] - task.Resources;
            Invariant.Holds(!roleLeft.IsNegative, "a role's allocation never goes negative");
            if (roleLeft == Resources.Zero)
                allocatedToRole.Remove(task.Role);
            else
                allocatedToRole[task.Role] = roleLeft;
            if (task.Ports.Count > 0)
            {
                var ports = portsOnAgent[agent];
                foreach (var port in task.Ports.Values)
                    ports.Remove(port);
                if (ports.Count == 0)
                    portsOnAgent.Remove(agent);
            }

            var left = allocated[agent] - task.Resources;
            Invariant.Holds(!left.IsNegative, "an agent's allocation never goes negative");
            if (held.Count == 0)
            {
                onAgent.Remove(agent);
                allocated.Remove(agent);
                Invariant.Holds(left == Resources.Zero, "an agent without tasks has nothing allocated");
            }
            else
            {
                allocated[agent] = left;
            }
        }
    }

    internal void Restore(IEnumerable<TaskRecord> restored, long nextSequence)
    {
        foreach (var task in restored)
        {
            Invariant.Holds(!tasks.ContainsKey(task.Id), "a snapshot holds a task twice");
            Put(task);
        }

        NextSequence = nextSequence;
        entryChanges.Clear();
    }
}
