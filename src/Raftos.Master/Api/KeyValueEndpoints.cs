using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core;
using Raftos.Core.Commands;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>GET/PUT/DELETE /v1/kv/{key}: the application key-value store.</summary>
public static class KeyValueEndpoints
{
    /// <summary>Header a client may set so a retried write is applied once.</summary>
    public const string RequestIdHeader = "X-Raftos-Request-Id";

    /// <summary>Maps the key-value routes.</summary>
    public static void MapKeyValues(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/kv", ListAsync).WithBlockingQuery();
        app.MapGet("/v1/kv/{**key}", GetAsync).WithBlockingQuery();
        app.MapPut("/v1/kv/{**key}", PutAsync);
        app.MapDelete("/v1/kv/{**key}", DeleteAsync);
    }

    // ?after=KEY pages through a long listing: pass the last key of one page to get the next.
    private static async Task<IResult> ListAsync(HttpContext context, ReadGate reads, string? prefix, int? limit, string? after)
    {
        if (limit is < 1 or > 10_000)
            return Problems.BadRequest("limit is between 1 and 10000", "limit");
        if (after is not null && KeyRules.Validate(after) is { } badAfter)
            return Problems.BadRequest(badAfter.Detail.Replace("key", "after", StringComparison.Ordinal), "after");
        var (ok, entries) = await reads.ReadAsync(context, s => s.KeyValues.List(prefix ?? string.Empty, limit ?? 1000, after)).ConfigureAwait(false);
        return ok ? Results.Ok(entries.Select(ToView)) : Problems.ReadBarrierFailed();
    }

    private static async Task<IResult> GetAsync(HttpContext context, ReadGate reads, string key)
    {
        if (KeyRules.Validate(key) is { } bad)
            return Problems.BadRequest(bad.Detail, bad.Field);
        var (ok, entry) = await reads.ReadAsync(context, s => s.KeyValues.Get(key)).ConfigureAwait(false);
        if (!ok)
            return Problems.ReadBarrierFailed();
        if (entry is null)
            return Problems.NotFound($"key '{key}' does not exist");
        if (context.Request.Query.ContainsKey("raw"))
        {
            context.Response.Headers["X-Raftos-Revision"] = entry.ModRevision.ToString(CultureInfo.InvariantCulture);
            return Results.Bytes(entry.Value, "application/octet-stream");
        }

        return Results.Ok(ToView(entry));
    }

    private static async Task<IResult> PutAsync(HttpContext context, CommandSubmitter submitter, RaftNode node, string key)
    {
        if (ParseCas(context) is { Error: { } casError })
            return casError;
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } bodyError)
            return bodyError;
        var command = new PutKey
        {
            RequestId = RequestIds.Of(context),
            Key = key,
            Value = body.Bytes!,
            ExpectedRevision = ParseCas(context).Revision,
        };
        return await SubmitAsync(context, submitter, command, key).ConfigureAwait(false);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, CommandSubmitter submitter, string key)
    {
        var cas = ParseCas(context);
        if (cas.Error is { } casError)
            return casError;
        var command = new DeleteKey { RequestId = RequestIds.Of(context), Key = key, ExpectedRevision = cas.Revision };
        return await SubmitAsync(context, submitter, command, key).ConfigureAwait(false);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, CommandSubmitter submitter, Command command, string key)
    {
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[ReadGate.IndexHeader] = result.Index.ToString(CultureInfo.InvariantCulture);
        return result.Applied ? Results.Ok(new KeyWriteView(key, result.Revision)) : Problems.From(result);
    }

    private static (long? Revision, IResult? Error) ParseCas(HttpContext context)
    {
        if (!context.Request.Query.TryGetValue("cas", out var values))
            return (null, null);
        return long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (revision, null)
            : (null, Problems.BadRequest($"cas must be a non-negative revision number, not '{values}'", "cas"));
    }

    private static KeyValueView ToView(Core.State.KeyValueEntry entry)
        => new(entry.Key, Convert.ToBase64String(entry.Value), entry.CreateRevision, entry.ModRevision, entry.Version);
}
