using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>Builds fleet commands tersely; every command gets a fresh request id unless one is given.</summary>
internal static class FleetCmd
{
    public static RegisterAgent Agent(string id, long cpu = 4000, long memory = 8192, string? rack = null, string? requestId = null)
        => new()
        {
            RequestId = requestId ?? Cmd.NewId(),
            AgentId = id,
            Address = $"http://{id}:9000",
            Total = new Resources(cpu, memory),
            Attributes = rack is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["rack"] = rack },
        };

    public static RegisterAgent Agent(string id, Resources total, IReadOnlyDictionary<string, string> attributes, string? requestId = null)
        => new() { RequestId = requestId ?? Cmd.NewId(), AgentId = id, Total = total, Attributes = attributes };

    public static MarkAgentLost Lost(string agentId, long epoch, string reason = "no heartbeat for 5.0 s", string? requestId = null)
        => new() { RequestId = requestId ?? Cmd.NewId(), AgentId = agentId, Epoch = epoch, Reason = reason };

    public static SetAgentDrain Drain(string agentId, bool draining = true, string? requestId = null)
        => new() { RequestId = requestId ?? Cmd.NewId(), AgentId = agentId, Draining = draining };

    public static SubmitJob Submit(JobSpec spec, string? requestId = null) => new() { RequestId = requestId ?? Cmd.NewId(), Spec = spec };

    public static StopJob Stop(string jobId, string? requestId = null) => new() { RequestId = requestId ?? Cmd.NewId(), JobId = jobId };

    public static PlaceTasks Place(params (string Task, string Agent)[] placements)
        => new() { RequestId = Cmd.NewId(), Placements = [.. placements.Select(p => new TaskPlacement(p.Task, p.Agent))] };

    public static PlaceTasks Place(SchedulingPlan plan) => plan.ToCommand(Cmd.NewId());

    public static ReportTaskStates Report(string agentId, long agentEpoch, params TaskStatusUpdate[] updates)
        => new() { RequestId = Cmd.NewId(), AgentId = agentId, AgentEpoch = agentEpoch, Updates = updates };

    public static TaskStatusUpdate Update(string taskId, long epoch, TaskState state, int? exitCode = null, string reason = "")
        => new() { TaskId = taskId, Epoch = epoch, State = state, ExitCode = exitCode, Reason = reason };
}

/// <summary>Job specs with small, explicit defaults.</summary>
internal static class Specs
{
    public static JobSpec Service(string id, int count = 1, long cpu = 500, long memory = 256, int priority = 50)
        => new()
        {
            Id = id,
            Type = JobType.Service,
            Count = count,
            Priority = priority,
            Task = new TaskSpec { Command = "/bin/app", Args = ["--serve"], Resources = new Resources(cpu, memory) },
            Restart = new RestartPolicy { Attempts = 3, DelayMs = 1000, MaxDelayMs = 8000 },
        };

    public static JobSpec Batch(string id, int count = 1, int attempts = 2, long cpu = 500, long memory = 256)
        => Service(id, count, cpu, memory) with { Type = JobType.Batch, Restart = new RestartPolicy { Attempts = attempts, DelayMs = 1000, MaxDelayMs = 8000 } };

    public static JobSpec System(string id, long cpu = 100, long memory = 64, params Constraint[] constraints)
        => Service(id, 1, cpu, memory) with { Type = JobType.System, Constraints = constraints };

    public static JobSpec WithArgs(this JobSpec spec, params string[] args) => spec with { Task = spec.Task with { Args = args } };

    public static JobSpec WithConstraints(this JobSpec spec, params Constraint[] constraints) => spec with { Constraints = constraints };

    public static Constraint Where(string attribute, string op, string value) => new() { Attribute = attribute, Operator = op, Value = value };
}

/// <summary>Reading and driving a <see cref="Replica"/> that holds a fleet.</summary>
internal static class FleetReplica
{
    public const long Start = 1_700_000_000_000;

    /// <summary>A replica whose clock starts at <see cref="Start"/>.</summary>
    public static Replica New() => new() { Now = Start };

    /// <summary>A new replica with agents of the default size registered under <paramref name="agentIds"/>, in order.</summary>
    public static Replica WithAgents(params string[] agentIds)
    {
        var replica = New();
        foreach (var id in agentIds)
            replica.Register(id);
        return replica;
    }

    /// <summary>A new replica with agents of one size registered under <paramref name="agentIds"/>, in order.</summary>
    public static Replica WithAgents(string[] agentIds, long cpu, long memory)
    {
        var replica = New();
        foreach (var id in agentIds)
            replica.Register(id, cpu, memory);
        return replica;
    }

    /// <summary>A new replica with agent a1 registered and <paramref name="job"/> submitted and settled: its tasks run on a1.</summary>
    public static Replica RunningOnA1(JobSpec job)
    {
        var replica = WithAgents("a1");
        replica.Submit(job);
        replica.Settle();
        return replica;
    }

    public static Fleet Fleet(this Replica replica) => replica.State.Fleet;

    public static AgentRecord Agent(this Replica replica, string id) => replica.Fleet().Agents.Get(id) ?? throw new InvalidOperationException($"no agent {id}");

    public static JobRecord Job(this Replica replica, string id) => replica.Fleet().Jobs.Get(id) ?? throw new InvalidOperationException($"no job {id}");

    public static TaskRecord Task(this Replica replica, string id) => replica.Fleet().Tasks.Get(id) ?? throw new InvalidOperationException($"no task {id}");

    public static List<TaskRecord> TasksOf(this Replica replica, string jobId) => [.. replica.Fleet().Tasks.OfJob(jobId)];

    /// <summary>Tasks of the job that should run and have not ended, in id order.</summary>
    public static List<TaskRecord> Wanted(this Replica replica, string jobId) => [.. replica.Fleet().Tasks.OfJob(jobId).Where(t => t.IsWanted)];

    public static List<TaskRecord> InState(this Replica replica, string jobId, TaskState state) => [.. replica.Fleet().Tasks.OfJob(jobId).Where(t => t.State == state)];

    /// <summary>The newest task of a slot.</summary>
    public static TaskRecord Latest(this Replica replica, string jobId, string slot)
        => replica.Fleet().Tasks.LatestOfSlot(jobId, slot) ?? throw new InvalidOperationException($"no task for {jobId} slot {slot}");

    /// <summary>Registers an agent and returns its epoch.</summary>
    public static long Register(this Replica replica, string id, long cpu = 4000, long memory = 8192, string? rack = null)
    {
        var result = replica.Apply(FleetCmd.Agent(id, cpu, memory, rack));
        Assert.True(result.Applied, result.Rejection?.ToString());
        return result.Revision;
    }

    public static CommandResult Submit(this Replica replica, JobSpec spec)
    {
        var result = replica.Apply(FleetCmd.Submit(spec));
        Assert.True(result.Applied, result.Rejection?.ToString());
        return result;
    }

    /// <summary>Plans at the replica's time and applies the plan; returns the ids placed.</summary>
    public static IReadOnlyList<string> Schedule(this Replica replica)
    {
        var plan = Scheduler.Plan(replica.State, replica.Now);
        if (plan.IsEmpty)
            return [];
        var result = replica.Apply(FleetCmd.Place(plan));
        Assert.True(result.Applied, result.Rejection?.ToString());
        return result.Ids;
    }

    /// <summary>Reports one task's new state from the agent it is assigned to, under the current epochs.</summary>
    public static CommandResult Report(this Replica replica, string taskId, TaskState state, int? exitCode = null)
    {
        var task = replica.Task(taskId);
        var agent = replica.Agent(task.AgentId!);
        return replica.Apply(FleetCmd.Report(agent.Id, agent.Epoch, FleetCmd.Update(task.Id, task.Epoch, state, exitCode, state.Name())));
    }

    /// <summary>Reports every task an agent holds as running (or killed, when asked to stop).</summary>
    public static void ReportAll(this Replica replica, string agentId)
    {
        var agent = replica.Agent(agentId);
        var updates = replica.Fleet().Tasks.OnAgent(agentId)
            .Select(t => FleetCmd.Update(t.Id, t.Epoch, t.Desired == DesiredState.Stop ? TaskState.Killed : TaskState.Running))
            .ToArray();
        if (updates.Length > 0)
            Assert.True(replica.Apply(FleetCmd.Report(agentId, agent.Epoch, updates)).Applied);
    }

    /// <summary>Schedules and reports every placed task running until nothing changes.</summary>
    public static void Settle(this Replica replica)
    {
        for (var round = 0; round < 50; round++)
        {
            var plan = Scheduler.Plan(replica.State, replica.Now);
            if (!plan.IsEmpty)
                Assert.True(replica.Apply(FleetCmd.Place(plan)).Applied);
            foreach (var agent in replica.Fleet().Agents.All.Where(a => a.Status == AgentStatus.Ready).Select(a => a.Id).ToList())
                replica.ReportAll(agent);
            if (plan.Placements.Count == 0 && plan.Preemptions.Count == 0)
                return;
        }

        Assert.Fail("the fleet did not settle in 50 rounds");
    }
}
