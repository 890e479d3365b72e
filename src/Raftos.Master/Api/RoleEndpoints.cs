using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Commands;
using Raftos.Core.Roles;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>
/// GET /v1/roles, GET/PUT/DELETE /v1/roles/{name}: the teams sharing the cluster, their
/// weights and quotas, and what they hold. A role is listed once configured or once a job
/// or a task uses it; removing one puts it back to weight 1 and no quota.
/// </summary>
public static class RoleEndpoints
{
    /// <summary>Maps the role routes.</summary>
    public static void MapRoles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/roles", ListAsync).WithBlockingQuery();
        app.MapGet("/v1/roles/{name}", GetAsync).WithBlockingQuery();
        app.MapPut("/v1/roles/{name}", SetAsync);
        app.MapDelete("/v1/roles/{name}", RemoveAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ReadGate reads)
    {
        var (ok, roles) = await reads.ReadAsync(context, s => FleetViews.Roles(s.Fleet)).ConfigureAwait(false);
        return ok ? Results.Ok(roles) : Problems.ReadBarrierFailed();
    }

    private static async Task<IResult> GetAsync(HttpContext context, ReadGate reads, string name)
    {
        if (BadName(name) is { } badName)
            return badName;
        var (ok, role) = await reads.ReadAsync(context, s => FleetViews.Role(s.Fleet, name)).ConfigureAwait(false);
        if (!ok)
            return Problems.ReadBarrierFailed();
        return role is null ? Problems.NotFound($"role '{name}' is neither configured nor used by any job") : Results.Ok(role);
    }

    private static async Task<IResult> SetAsync(HttpContext context, RaftNode node, CommandSubmitter submitter, string name)
    {
        if (BadName(name) is { } badName)
            return badName;
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        var (request, error) = ApiJson.Parse<RoleRequest>(body.Bytes!, "role");
        if (request is null)
            return error!;
        var command = new SetRole
        {
            RequestId = RequestIds.Of(context),
            Role = name,
            Weight = request.Weight ?? RoleRecord.WeightMin,
            CpuMillisMax = request.Quota?.CpuMillis,
            MemoryMbMax = request.Quota?.MemoryMb,
        };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);

        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[ReadGate.IndexHeader] = result.Index.ToString(CultureInfo.InvariantCulture);
        if (!result.Applied)
            return Problems.From(result);
        if (!await node.WaitForAppliedAsync(result.Index, context.RequestAborted).ConfigureAwait(false))
            return Problems.Unavailable($"the role was set at index {result.Index}, but this master has not applied it yet; read it with GET /v1/roles/{name}");
        return Results.Ok(node.Read(s => FleetViews.Role(s.Fleet, name)));
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, CommandSubmitter submitter, string name)
    {
        if (BadName(name) is { } badName)
            return badName;
        var command = new RemoveRole { RequestId = RequestIds.Of(context), Role = name };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[ReadGate.IndexHeader] = result.Index.ToString(CultureInfo.InvariantCulture);
        return result.Applied ? Results.Ok(new { role = name, removed = true, index = result.Index }) : Problems.From(result);
    }

    private static IResult? BadName(string name)
        => IdRules.Validate(name, "name", "role") is { } invalid ? Problems.BadRequest(invalid.Detail, invalid.Field) : null;
}
