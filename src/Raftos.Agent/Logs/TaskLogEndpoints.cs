using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Agent.Tasks;
using Raftos.Core.Protocol;

namespace Raftos.Agent.Logs;

/// <summary>
/// <c>GET /v1/tasks/{id}/logs?type=stdout|stderr&amp;offset=N&amp;tail=N&amp;follow=true</c>: a task's
/// output as the agent that runs it keeps it. Masters pass these requests on, so operators only
/// need to reach a master.
/// </summary>
public static class TaskLogEndpoints
{
    /// <summary>The header naming the agent that served the output.</summary>
    public const string AgentHeader = "X-Raftos-Agent";

    /// <summary>Maps the route.</summary>
    public static void MapTaskLogs(this IEndpointRouteBuilder app) => app.MapGet("/v1/tasks/{id}/logs", LogsAsync);

    private static async Task LogsAsync(HttpContext context, AgentOptions options, TaskRunner runner, string id)
    {
        var query = context.Request.Query;
        if (!TaskFiles.IsValidTaskId(id))
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid request", $"task id '{id}' is not 1 to {TaskFiles.TaskIdLengthMax} of a-z, A-Z, 0-9, '.', '-', '_'", "id").ConfigureAwait(false);
            return;
        }

        var (request, field, error) = TaskLogRequest.Parse(query["type"], query["offset"], query["tail"], query["follow"]);
        if (request is null)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid request", error!, field).ConfigureAwait(false);
            return;
        }

        var files = TaskFiles.For(options.DataDir, id);
        if (!Directory.Exists(files.DirectoryPath) && !runner.IsWatching(id))
        {
            await Problem(context, StatusCodes.Status404NotFound, "Not found", $"task '{id}' has no output on agent {options.Id}: it has not run here, or its files were pruned", null).ConfigureAwait(false);
            return;
        }

        bool Running() => request.Follow && runner.IsWatching(id);
        try
        {
            var file = await TaskLogStream.OpenAsync(request.Stream == "stderr" ? files.Stderr : files.Stdout, Running, context.RequestAborted).ConfigureAwait(false);
            var start = file is null ? 0 : TaskLogStream.StartOf(file, request);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers[AgentHeader] = options.Id;
            context.Response.Headers[TaskLogRequest.OffsetHeader] = start.ToString(CultureInfo.InvariantCulture);
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            if (file is null)
                return;
            await using (file.ConfigureAwait(false))
                await TaskLogStream.CopyAsync(file, start, request.Follow, Running, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The reader went away: the normal end of following.
        }
    }

    private static Task Problem(HttpContext context, int status, string title, string detail, string? field)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["field"] = field };
        return Results.Problem(detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }
}
