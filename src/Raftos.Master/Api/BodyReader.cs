using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Raftos.Master.Api;

/// <summary>Reads a request body with a hard size limit, answering 413 rather than buffering without bound.</summary>
internal static class BodyReader
{
    private const int InitialBytes = 16 * 1024;

    // The body is read into a pooled buffer and copied out once at its exact size: thousands
    // of agents post small bodies every second, and a fresh read buffer per request was most
    // of what a busy master allocated.
    public static async Task<(byte[]? Bytes, IResult? Error)> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
            return (null, Problems.TooLarge(limit));

        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Min(limit + 1, context.Request.ContentLength + 1 ?? InitialBytes));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(limit + 1, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                    return (buffer.AsSpan(0, length).ToArray(), null);
                length += read;
                if (length > limit)
                    return (null, Problems.TooLarge(limit));
            }
        }
        finally
        {
            pool.Return(buffer);
        }
    }
}
