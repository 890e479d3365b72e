using Microsoft.AspNetCore.Builder;

namespace Raftos.Master.Api;

/// <summary>Adds <see cref="BlockingQuery"/> to read routes.</summary>
public static class BlockingQueryRoutes
{
    /// <summary>Lets <paramref name="route"/> answer blocking queries (<c>?index=N&amp;wait=30s</c>).</summary>
    public static RouteHandlerBuilder WithBlockingQuery(this RouteHandlerBuilder route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.AddEndpointFilter(BlockingQuery.For(leaderAnswers: false));
    }

    /// <summary>As <see cref="WithBlockingQuery"/>, for a route a follower passes on to the leader unless ?stale: the leader waits.</summary>
    public static RouteHandlerBuilder WithLeaderBlockingQuery(this RouteHandlerBuilder route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.AddEndpointFilter(BlockingQuery.For(leaderAnswers: true));
    }
}
