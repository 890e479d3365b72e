using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Commands;
using Raftos.Master.Leadership;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>
/// GET /v1/agents, GET /v1/agents/{id}, POST /v1/agents/{id}/drain and /undrain. Usage and
/// suspicion come from the leader's heartbeat table, so a follower passes these reads to the
/// leader; with ?stale it answers from its own state, without usage.
/// </summary>
public static class AgentEndpoints
{
    /// <summary>Maps the agent routes.</summary>
    public static void MapAgents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/agents", ListAsync).WithLeaderBlockingQuery();
        app.MapGet("/v1/agents/{id}", GetAsync).WithLeaderBlockingQuery();
        app.MapPost("/v1/agents/{id}/drain", (HttpContext context, CommandSubmitter submitter, string id) => DrainAsync(context, submitter, id, true));
        app.MapPost("/v1/agents/{id}/undrain", (HttpContext context, CommandSubmitter submitter, string id) => DrainAsync(context, submitter, id, false));
    }

    private static async Task<IResult> ListAsync(HttpContext context, RaftNode node, ReadGate reads, AgentLiveness liveness, LeaderProxy proxy)
    {
        if (!node.IsLeader && !context.Request.Query.ContainsKey("stale"))
            return await proxy.ForwardAsync(context, null).ConfigureAwait(false);
        var heartbeats = node.IsLeader ? liveness : null;
        var (ok, agents) = await reads.ReadAsync(context, s => s.Fleet.Agents.All.Select(a => FleetViews.Agent(s.Fleet, a, heartbeats)).ToList()).ConfigureAwait(false);
        return ok ? Results.Ok(agents) : Problems.ReadBarrierFailed();
    }

    private static async Task<IResult> GetAsync(HttpContext context, RaftNode node, ReadGate reads, AgentLiveness liveness, LeaderProxy proxy, string id)
    {
        if (IdRules.Validate(id, "id", "agent") is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        if (!node.IsLeader && !context.Request.Query.ContainsKey("stale"))
            return await proxy.ForwardAsync(context, null).ConfigureAwait(false);
        var heartbeats = node.IsLeader ? liveness : null;
        var (ok, agent) = await reads.ReadAsync(context, s => s.Fleet.Agents.Get(id) is { } a ? FleetViews.Agent(s.Fleet, a, heartbeats) : null).ConfigureAwait(false);
        if (!ok)
            return Problems.ReadBarrierFailed();
        return agent is null ? Problems.NotFound($"agent '{id}' does not exist") : Results.Ok(agent);
    }

    private static async Task<IResult> DrainAsync(HttpContext context, CommandSubmitter submitter, string id, bool drain)
    {
        var command = new SetAgentDrain { RequestId = Guid.NewGuid().ToString("N"), AgentId = id, Draining = drain };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        return result.Applied ? Results.Ok(new { agentId = id, draining = drain, index = result.Index }) : Problems.From(result);
    }
}
