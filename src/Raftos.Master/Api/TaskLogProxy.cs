using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Protocol;

namespace Raftos.Master.Api;

/// <summary>
/// <c>GET /v1/tasks/{id}/logs?type=stdout|stderr&amp;offset=N&amp;tail=N&amp;follow=true</c>: a task's
/// output, streamed from the agent it was placed on, so operators and applications only need
/// to reach a master (as <c>nomad alloc logs</c> goes through the servers).
/// </summary>
public static class TaskLogProxy
{
    private const string AgentHeader = "X-Raftos-Agent";
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Maps the route.</summary>
    public static void MapTaskLogs(this IEndpointRouteBuilder app) => app.MapGet("/v1/tasks/{id}/logs", LogsAsync);

    private static async Task LogsAsync(HttpContext context, ReadGate reads, HttpClient http, string id)
    {
        var query = context.Request.Query;
        var (request, field, error) = TaskLogRequest.Parse(query["type"], query["offset"], query["tail"], query["follow"]);
        if (request is null)
        {
            await Problems.BadRequest(error!, field).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (ok, found) = await reads.ReadAsync(context, s => s.Fleet.Tasks.Get(id) is not { } task
            ? new Placement(false, null, null)
            : new Placement(true, task.AgentId, task.AgentId is { } agent ? s.Fleet.Agents.Get(agent)?.Address : null)).ConfigureAwait(false);
        var problem = !ok ? Problems.ReadBarrierFailed()
            : !found.Exists ? Problems.NotFound($"task '{id}' does not exist")
            : found.Agent is null ? Problems.Conflict($"task '{id}' has not been placed on an agent yet, so it has no output")
            : string.IsNullOrEmpty(found.Address) || !Uri.TryCreate(found.Address, UriKind.Absolute, out _)
                ? Problems.Conflict($"agent {found.Agent} registered no HTTP address, so task output cannot be fetched from it (start it with --http)")
                : null;
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await RelayAsync(context, http, found.Agent!, new Uri($"{found.Address!.TrimEnd('/')}/v1/tasks/{Uri.EscapeDataString(id)}/logs{request.ToQuery()}")).ConfigureAwait(false);
    }

    private static async Task RelayAsync(HttpContext context, HttpClient http, string agent, Uri source)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            await BadGateway(agent, source, e.Message).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            context.Response.Headers[AgentHeader] = agent;
            if (response.Headers.TryGetValues(TaskLogRequest.OffsetHeader, out var offset))
                context.Response.Headers[TaskLogRequest.OffsetHeader] = offset.FirstOrDefault();
            var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[ChunkBytes];
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
                {
                    // The reader went away: the normal end of following.
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    // The agent died mid-stream. The status is sent already, so the reader learns it
                    // from the connection closing early rather than from an error document.
                    context.Abort();
                }
            }
        }
    }

    private sealed record Placement(bool Exists, string? Agent, string? Address);

    private static IResult BadGateway(string agent, Uri source, string reason) => Results.Problem(
        detail: string.Create(CultureInfo.InvariantCulture, $"agent {agent} at {source.GetLeftPart(UriPartial.Authority)} could not be reached: {reason}"),
        statusCode: StatusCodes.Status502BadGateway,
        title: "Agent unreachable");
}
