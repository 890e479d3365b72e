using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Raftos.Master.Raft;

namespace Raftos.Master.Api;

/// <summary>
/// Blocking queries on a read route (Consul and Nomad semantics): with <c>?index=N</c> the
/// request is held until this master's applied index passes N, or for <c>wait</c> (default and
/// most 5 minutes, plus a little jitter so that many watchers do not return at once), and then
/// answered as usual, with the current state. The answer's X-Raftos-Index is the applied index
/// it reflects, to pass as the next request's <c>index</c>.
/// </summary>
public sealed class BlockingQuery : IEndpointFilter
{
    /// <summary>The longest a request may wait.</summary>
    public static readonly TimeSpan WaitMax = TimeSpan.FromMinutes(5);

    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    private readonly bool leaderAnswers;

    private BlockingQuery(bool leaderAnswers) => this.leaderAnswers = leaderAnswers;

    /// <summary>The filter; <paramref name="leaderAnswers"/>: a follower passes the request on to the leader (unless ?stale), which does the waiting.</summary>
    internal static BlockingQuery For(bool leaderAnswers) => new(leaderAnswers);

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var (index, wait, error) = Parse(http.Request.Query);
        if (error is not null)
            return error;
        var node = http.RequestServices.GetRequiredService<RaftNode>();
        var waitsHere = !leaderAnswers || node.IsLeader || http.Request.Query.ContainsKey("stale");
        if (index is { } after && waitsHere)
            await WaitAsync(node, after, wait, http.RequestAborted).ConfigureAwait(false);
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The <c>index</c> and <c>wait</c> parameters, or a 400 naming the bad one.</summary>
    public static (long? Index, TimeSpan Wait, IResult? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        long? index = null;
        if (query.TryGetValue("index", out var indexText))
        {
            if (!long.TryParse(indexText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return (null, WaitMax, Problems.BadRequest($"index must be a non-negative log index, not '{indexText}'", "index"));
            index = parsed;
        }

        if (!query.TryGetValue("wait", out var waitText))
            return (index, WaitMax, null);
        return ParseWait(waitText.ToString()) is { } wait
            ? (index, wait < WaitMax ? wait : WaitMax, null)
            : (null, WaitMax, Problems.BadRequest($"wait is a duration such as 30s, 500ms or 2m (a bare number is milliseconds), at most 5m; not '{waitText}'", "wait"));
    }

    // 500ms, 30s, 2m, 1h, or bare milliseconds as the agents' long poll takes them.
    private static TimeSpan? ParseWait(string text)
    {
        var (number, scale) = Units.Where(u => text.EndsWith(u.Suffix, StringComparison.OrdinalIgnoreCase))
            .Select(u => (text[..^u.Suffix.Length], u.Milliseconds))
            .DefaultIfEmpty((text, 1))
            .First();
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * scale < TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(value * scale)
            : null;
    }

    // Waits on the state machine's index, the one the answer's X-Raftos-Index reports, so a
    // client passing that index back is held until something new is applied.
    private static async Task WaitAsync(RaftNode node, long after, TimeSpan wait, CancellationToken token)
    {
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * wait.TotalMilliseconds / 16);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(wait + jitter);
        try
        {
            while (true)
            {
                var changed = node.Changes.Next;
                if (node.StateMachine.AppliedIndex > after)
                    return;
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // The wait is over: answer with the state as it is.
        }
    }
}
