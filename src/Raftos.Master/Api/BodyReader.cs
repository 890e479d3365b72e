using Microsoft.AspNetCore.Http;

namespace Raftos.Master.Api;

/// <summary>Reads a request body with a hard size limit, answering 413 rather than buffering without bound.</summary>
internal static class BodyReader
{
    public static async Task<(byte[]? Bytes, IResult? Error)> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
            return (null, Problems.TooLarge(limit));

        using var buffer = new MemoryStream(context.Request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                return (null, Problems.TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }
}
