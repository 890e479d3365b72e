using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Master.Raft;

namespace Raftos.Master.Api;

/// <summary>
/// /health/live (the process answers) and /health/ready (a leader is known, this master has
/// applied what it knows is committed, and it is recorded as a member).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps the health routes.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (RaftNode node) =>
        {
            if (node.Cluster is null)
                return Problems.Unavailable("the Raft node is starting");
            if (node.Leader is null)
                return Problems.Unavailable("no leader is known");
            if (node.AppliedIndex < node.CommitIndex)
                return Problems.Unavailable($"applying the log: {node.AppliedIndex} of {node.CommitIndex}");
            if (node.StateMachine.Read(s => s.Masters.Get(node.Options.NodeId)) is null)
                return Problems.Unavailable("this master is not yet recorded in the cluster state (a joining master is ready once added)");
            return Results.Ok(new { status = "ready", leader = node.Leader.EndPoint.ToString(), appliedIndex = node.AppliedIndex });
        });
    }
}
