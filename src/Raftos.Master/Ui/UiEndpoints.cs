using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Raftos.Master.Ui;

/// <summary>
/// Serves the web dashboard: <c>/ui</c> is its page, <c>/ui/{file}</c> its scripts and
/// styles. Every master serves it; the page reads the HTTP API of the master it came from.
/// </summary>
public static class UiEndpoints
{
    private const string Index = "index.html";

    // The page is revalidated on every load (so a new version shows at once); the other
    // files are small and revalidated too, answered 304 while unchanged.
    private const string CacheControl = "no-cache";

    /// <summary>Maps the dashboard routes (routing matches <c>/ui/</c> to <c>/ui</c> too).</summary>
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", (HttpContext context) => Serve(context, Index)).ExcludeFromDescription();
        app.MapGet("/ui/{file}", (HttpContext context, string file) => Serve(context, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string name)
    {
        var asset = UiAssets.Find(name);
        if (asset is null)
            return Results.NotFound();

        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
