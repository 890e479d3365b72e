using MessagePack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core;
using Raftos.Core.Commands;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>Master-to-master routes: the leader's end of write forwarding.</summary>
public static class InternalEndpoints
{
    /// <summary>Maps the internal routes.</summary>
    public static void MapInternal(this IEndpointRouteBuilder app)
        => app.MapPost(CommandSubmitter.ForwardPath, ForwardedAsync);

    private static async Task<IResult> ForwardedAsync(HttpContext context, RaftNode node, CommandSubmitter submitter)
    {
        if (!node.IsLeader)
            return Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "Not the leader", detail: "this master is not the leader");
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax * 8).ConfigureAwait(false);
        if (body.Error is { } error)
            return error;

        CommandBatch batch;
        try
        {
            batch = MessagePackSerializer.Deserialize<CommandBatch>(body.Bytes, RaftosSerializer.Untrusted, context.RequestAborted);
        }
        catch (MessagePackSerializationException e)
        {
            return Problems.BadRequest($"the forwarded batch is not valid: {e.Message}");
        }

        if (batch.Commands.Count is 0 or > Limits.BatchCommandsMax)
            return Problems.BadRequest($"a forwarded batch holds 1 to {Limits.BatchCommandsMax} commands");

        try
        {
            var results = await submitter.SubmitForwardedAsync(batch, context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(MessagePackSerializer.Serialize(results.ToArray(), RaftosSerializer.Trusted, context.RequestAborted), CommandSubmitter.MessagePackMediaType);
        }
        catch (Exception e) when (e is RetryableWriteException or DotNext.Net.Cluster.Consensus.Raft.NotLeaderException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "Not the leader", detail: e.Message);
        }
    }
}
