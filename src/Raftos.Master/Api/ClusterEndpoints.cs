using System.Text.Json;
using System.Text.Json.Serialization;
using DotNext.Net.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Commands;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>GET /v1/cluster and the master membership changes.</summary>
public static class ClusterEndpoints
{
    /// <summary>Maps the cluster routes.</summary>
    public static void MapCluster(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", GetAsync).WithBlockingQuery();
        app.MapPost("/v1/cluster/masters", AddMasterAsync);
        app.MapDelete("/v1/cluster/masters/{id}", RemoveMasterAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, RaftNode node, LeaderDirectory leaders)
    {
        var cluster = node.Cluster;
        if (cluster is null)
            return Problems.Unavailable("the Raft node is starting");
        var records = node.StateMachine.Read(s => s.Masters.All.ToArray());
        var views = new List<MasterView>();
        foreach (var member in cluster.Members)
        {
            var raft = EndPoints.Format(member.EndPoint);
            var record = records.FirstOrDefault(r => string.Equals(r.RaftEndpoint, raft, StringComparison.OrdinalIgnoreCase));
            views.Add(new MasterView(
                record?.Id ?? leaders.IdOf(member),
                raft,
                record?.HttpUrl ?? await leaders.HttpUrlOfAsync(member, context.RequestAborted).ConfigureAwait(false),
                member.IsLeader ? "leader" : "follower",
                member.IsRemote ? StatusName(member.Status) : "available",
                Voter: true));
        }

        foreach (var record in records)
        {
            if (!views.Any(v => string.Equals(v.RaftAddress, record.RaftEndpoint, StringComparison.OrdinalIgnoreCase)))
                views.Add(new MasterView(record.Id, record.RaftEndpoint, record.HttpUrl, "none", "removed", Voter: false));
        }

        var leader = cluster.Leader;
        context.Response.Headers[ReadGate.IndexHeader] = node.AppliedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Ok(new ClusterView(
            node.Options.NodeId,
            leader is null ? null : leaders.IdOf(leader),
            node.Term,
            node.CommitIndex,
            node.AppliedIndex,
            [.. views.OrderBy(v => v.Id, StringComparer.Ordinal)],
            node.LeadingTerm));
    }

    private static string StatusName(ClusterMemberStatus status) => status switch
    {
        ClusterMemberStatus.Available => "available",
        ClusterMemberStatus.Unavailable => "unavailable",
        _ => "unknown",
    };

    private static async Task<IResult> AddMasterAsync(HttpContext context, RaftNode node, MembershipChanges changes, LeaderProxy proxy)
    {
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        if (!node.IsLeader)
            return await proxy.ForwardAsync(context, body.Bytes).ConfigureAwait(false);

        AddMasterRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<AddMasterRequest>(body.Bytes!, ApiJson.Strict);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"the body is not a valid master: {e.Message}", e.Path);
        }

        if (request is null)
            return Problems.BadRequest("a JSON body {\"id\", \"raftAddress\", \"httpAddress\"} is required");
        var command = new RegisterMaster
        {
            RequestId = Guid.NewGuid().ToString("N"),
            MasterId = request.Id ?? string.Empty,
            RaftEndpoint = request.RaftAddress ?? string.Empty,
            HttpUrl = request.HttpAddress ?? string.Empty,
        };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        if (!System.Net.IPEndPoint.TryParse(command.RaftEndpoint, out _))
            return Problems.BadRequest($"raftAddress '{command.RaftEndpoint}' is not an IP address and port", "raftAddress");

        var outcome = await changes.AddAsync(command, context.RequestAborted).ConfigureAwait(false);
        return outcome.Error is null
            ? Results.Created($"/v1/cluster/masters/{command.MasterId}", new MasterView(command.MasterId, command.RaftEndpoint, command.HttpUrl, "follower", "available", true))
            : ToProblem(outcome);
    }

    private static async Task<IResult> RemoveMasterAsync(HttpContext context, RaftNode node, MembershipChanges changes, LeaderProxy proxy, string id)
    {
        if (MasterRules.ValidateId(id) is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        if (!node.IsLeader)
            return await proxy.ForwardAsync(context, null).ConfigureAwait(false);
        var outcome = await changes.RemoveAsync(id, context.RequestAborted).ConfigureAwait(false);
        return outcome.Error is null ? Results.Ok(new { removed = id }) : ToProblem(outcome);
    }

    private static IResult ToProblem(MembershipChanges.Outcome outcome) => outcome.Status switch
    {
        404 => Problems.NotFound(outcome.Error!),
        503 => Problems.Unavailable(outcome.Error!),
        _ => Problems.Conflict(outcome.Error!),
    };
}
