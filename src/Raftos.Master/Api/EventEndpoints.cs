using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Master.Events;
using Raftos.Master.Raft;

namespace Raftos.Master.Api;

/// <summary>
/// GET /v1/events?index=N: Server-Sent Events of the state changes of every entry after N
/// (default: from now). Each event is <c>id: &lt;log index&gt;</c>, <c>event: &lt;kind&gt;</c>,
/// <c>data: &lt;json&gt;</c>; an entry's events come together and in the same order from every
/// master, so a client resumes on any master with <c>index</c> (or <c>Last-Event-ID</c>). When N
/// is older than this master keeps, one <c>reset</c> event carries the current index as its id:
/// re-list, then follow on from it. <c>?topic=task,job</c> and <c>?job=ID</c> filter.
/// </summary>
public static class EventEndpoints
{
    private const int PageMax = 1000;

    /// <summary>Maps the event stream.</summary>
    public static void MapEvents(this IEndpointRouteBuilder app) => app.MapGet("/v1/events", StreamAsync);

    private static async Task StreamAsync(HttpContext context, RaftNode node)
    {
        var (from, filter, error) = Parse(context, node);
        if (error is not null)
        {
            await error.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await FollowAsync(context, node, from, filter).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task FollowAsync(HttpContext context, RaftNode node, long position, EventFilter filter)
    {
        var token = context.RequestAborted;
        var keepAlive = node.Options.EventsKeepAlive;
        var text = new StringBuilder();
        var quietSince = DateTime.UtcNow;
        while (true)
        {
            var changed = node.Changes.Next;
            var page = node.Events.After(position, PageMax);
            text.Clear();
            if (page.Gap)
                Append(text, page.Through, EventKinds.Reset, string.Create(CultureInfo.InvariantCulture, $"{{\"index\":{page.Through}}}"));
            foreach (var item in page.Events.Where(filter.Matches))
                Append(text, item.Index, item.Kind, item.Data);
            position = page.Through;
            if (text.Length > 0)
            {
                await context.Response.WriteAsync(text.ToString(), token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                quietSince = DateTime.UtcNow;
            }

            if (page.Events.Count >= PageMax)
                continue;
            var quietFor = DateTime.UtcNow - quietSince;
            if (quietFor >= keepAlive)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                quietSince = DateTime.UtcNow;
                quietFor = TimeSpan.Zero;
            }

            await Task.WhenAny(changed, Task.Delay(keepAlive - quietFor, token)).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
        }
    }

    private static void Append(StringBuilder text, long index, string kind, string data)
        => text.Append(CultureInfo.InvariantCulture, $"id: {index}\nevent: {kind}\ndata: {data}\n\n");

    private static (long From, EventFilter Filter, IResult? Error) Parse(HttpContext context, RaftNode node)
    {
        var request = context.Request;
        var from = node.Events.Last;
        var (indexText, field) = request.Headers.TryGetValue("Last-Event-ID", out var lastId) && !string.IsNullOrEmpty(lastId)
            ? (lastId.ToString(), "Last-Event-ID")
            : (request.Query["index"].ToString(), "index");
        if (indexText.Length > 0 && !long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            return (0, EventFilter.All, Problems.BadRequest($"{field} must be a non-negative log index, not '{indexText}'", field));

        var topics = request.Query["topic"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (topics.FirstOrDefault(t => !EventKinds.All.Contains(t)) is { } unknown)
            return (0, EventFilter.All, Problems.BadRequest($"topic is a comma-separated list of {string.Join(", ", EventKinds.All.Order(StringComparer.Ordinal))}; not '{unknown}'", "topic"));
        var job = request.Query["job"].ToString();
        return (from, new EventFilter(topics.Length == 0 ? null : new HashSet<string>(topics, StringComparer.Ordinal), job.Length == 0 ? null : job), null);
    }
}
