using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Protocol;
using Raftos.Core.Tasks;
using Raftos.Master.Leadership;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>The masters' end of the agent protocol (<see cref="AgentProtocol"/>).</summary>
public static class AgentProtocolEndpoints
{
    private const int WaitMaxMs = 60_000;

    /// <summary>Maps the agent protocol routes.</summary>
    public static void MapAgentProtocol(this IEndpointRouteBuilder app)
    {
        app.MapPost(AgentProtocol.RegisterPath, RegisterAsync);
        app.MapPost(AgentProtocol.HeartbeatPath, HeartbeatAsync);
        app.MapPost(AgentProtocol.StatusPath, StatusAsync);
        app.MapGet("/v1/agent/{id}/tasks", TasksAsync);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, RaftNode node, CommandSubmitter submitter)
    {
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        var (registration, error) = ApiJson.Parse<AgentRegistration>(body.Bytes!, "agent registration");
        if (registration is null)
            return error!;

        var command = new RegisterAgent
        {
            RequestId = RequestIds.Of(context),
            AgentId = registration.AgentId ?? string.Empty,
            Address = registration.Address ?? string.Empty,
            Total = registration.Resources?.ToResources() ?? default,
            Attributes = registration.Attributes ?? new Dictionary<string, string>(),
            PortsMin = registration.PortsMin ?? RegisterAgent.PortsMinDefault,
            PortsMax = registration.PortsMax ?? RegisterAgent.PortsMaxDefault,
        };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        return result.Applied
            ? Results.Ok(new AgentRegistered(command.AgentId, result.Revision, (int)node.Options.AgentHeartbeatInterval.TotalMilliseconds))
            : Problems.From(result);
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext context, RaftNode node, AgentLiveness liveness, LeaderDirectory leaders)
    {
        if (!node.IsLeader)
            return await NotLeaderAsync(context, leaders).ConfigureAwait(false);
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        var (heartbeat, error) = ApiJson.Parse<AgentHeartbeat>(body.Bytes!, "heartbeat");
        if (heartbeat is null)
            return error!;

        // The applied record, read without the state machine's lock: thousands of agents
        // heartbeat every second, and none of them should wait behind an apply or a read.
        var agent = node.AgentChanges.Latest(heartbeat.AgentId ?? string.Empty);
        if (agent is null || agent.Status == AgentStatus.Lost || agent.Epoch != heartbeat.Epoch)
            return RegisterAgain(agent, heartbeat.Epoch, heartbeat.AgentId);
        liveness.Heard(heartbeat);
        return Results.Ok(new { ok = true });
    }

    private static async Task<IResult> StatusAsync(HttpContext context, RaftNode node, CommandSubmitter submitter)
    {
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax * 8).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        var (report, error) = ApiJson.Parse<TaskStatusReport>(body.Bytes!, "status report");
        if (report is null)
            return error!;

        var updates = new List<TaskStatusUpdate>();
        foreach (var change in report.Updates ?? [])
        {
            if (change is null || ParseReportedState(change.State) is not { } state)
                return Problems.BadRequest($"state is starting, running, finished, failed or killed, not '{change?.State}'", "updates.state");
            updates.Add(new TaskStatusUpdate { TaskId = change.TaskId ?? string.Empty, Epoch = change.Epoch, State = state, ExitCode = change.ExitCode, Reason = change.Reason ?? string.Empty });
        }

        var command = new ReportTaskStates { RequestId = report.RequestId ?? string.Empty, AgentId = report.AgentId ?? string.Empty, AgentEpoch = report.Epoch, Updates = updates };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        return result.Applied ? Results.Ok(new TaskStatusReportResult(result.Ids)) : Problems.From(result);
    }

    // epoch: the agent's registration index. A master that has not applied it yet waits for
    // it (within the wait) rather than answering "not registered" to an agent that just was.
    // Once caught up, the poll waits on its own agent's signal: with thousands of agents
    // polling, waking every poll at every applied entry would be a thundering herd.
    private static async Task<IResult> TasksAsync(HttpContext context, RaftNode node, string id, long? index, long? epoch, int? wait)
    {
        if (wait is < 0 or > WaitMaxMs)
            return Problems.BadRequest($"wait is 0 to {WaitMaxMs} ms", "wait");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(wait ?? 30_000);
        var agents = node.AgentChanges;
        while (true)
        {
            var anyChange = node.Changes.Next;
            var agentChange = agents.Next(id);
            var agent = agents.Latest(id);
            var caughtUp = node.StateMachine.AppliedIndex >= (epoch ?? 0);
            var over = deadline.IsCancellationRequested;
            if (agent is null && (caughtUp || over))
                return Problems.NotFound($"agent '{id}' is not registered");
            if (agent is not null && caughtUp && (agent.TasksChangedIndex > (index ?? -1) || over))
            {
                if (await node.ReadBatchedAsync(s => Assignments(s, id), context.RequestAborted).ConfigureAwait(false) is { } assignments)
                    return Results.Ok(assignments);
                continue;
            }

            if (agent is not null && over)
                return Problems.Unavailable($"this master has not applied index {epoch} yet");
            try
            {
                await (caughtUp && agentChange is not null ? agentChange : anyChange).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Wait over: answer with what there is.
            }
        }
    }

    private static AgentAssignments? Assignments(Core.State.ClusterState state, string agentId)
    {
        var fleet = state.Fleet;
        if (fleet.Agents.Get(agentId) is not { } agent)
            return null;
        var tasks = new List<AssignedTask>();
        foreach (var task in fleet.Tasks.OnAgent(agentId))
        {
            var spec = fleet.Jobs.Get(task.JobId)!.Spec.Task;
            tasks.Add(new AssignedTask(
                task.Id, task.Epoch, task.JobId, task.State.Name(), task.Desired == DesiredState.Run ? "run" : "stop",
                spec.Command, spec.Args, spec.Env, ResourceAmounts.From(task.Resources), task.Ports));
        }

        return new AgentAssignments(agent.TasksChangedIndex, agent.Epoch, agent.Status == AgentStatus.Ready ? "ready" : "lost", tasks);
    }

    private static TaskState? ParseReportedState(string? state) => state switch
    {
        "starting" => TaskState.Starting,
        "running" => TaskState.Running,
        "finished" => TaskState.Finished,
        "failed" => TaskState.Failed,
        "killed" => TaskState.Killed,
        _ => null,
    };

    private static IResult RegisterAgain(AgentRecord? agent, long epoch, string? agentId)
        => Problems.Conflict(
            agent is null
                ? $"agent '{agentId}' is not registered; register first"
                : string.Create(CultureInfo.InvariantCulture, $"agent '{agent.Id}' heartbeats under epoch {epoch} but is registered as epoch {agent.Epoch} ({agent.Status.ToString().ToLowerInvariant()}); register again"),
            new() { ["register"] = true });

    /// <summary>421 naming the leader, so an agent (or client) can go there directly.</summary>
    internal static async Task<IResult> NotLeaderAsync(HttpContext context, LeaderDirectory leaders)
    {
        var leader = await leaders.LeaderHttpUrlAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Problem(
            statusCode: StatusCodes.Status421MisdirectedRequest,
            title: "Not the leader",
            detail: leader is null ? "this master is not the leader, and no leader is known yet" : $"this master is not the leader; the leader is {leader}",
            extensions: new Dictionary<string, object?> { [AgentProtocol.LeaderExtension] = leader });
    }
}
