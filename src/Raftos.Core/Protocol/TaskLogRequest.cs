using System.Globalization;

namespace Raftos.Core.Protocol;

/// <summary>
/// What a reader asks of a task's output: which stream, where to start (a byte offset, or the
/// last lines) and whether to keep following it while the task runs. The same query string is
/// understood by the agents and by the masters that pass it on.
/// </summary>
/// <param name="Stream"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Offset">Byte offset to start at; ignored when <paramref name="Tail"/> is set.</param>
/// <param name="Tail">Only the last this many lines; null for all of it from <paramref name="Offset"/>.</param>
/// <param name="Follow">Keep sending what the task writes until it ends or the reader goes away.</param>
public sealed record TaskLogRequest(string Stream, long Offset, int? Tail, bool Follow)
{
    /// <summary>
    /// The answer's header holding the byte offset its body starts at, so a reader whose stream
    /// broke can ask again from where it stopped.
    /// </summary>
    public const string OffsetHeader = "X-Raftos-Log-Offset";

    /// <summary>Most lines <see cref="Tail"/> may ask for.</summary>
    public const int TailMax = 1_000_000;

    /// <summary>The streams a task writes.</summary>
    public static readonly IReadOnlyList<string> Streams = ["stdout", "stderr"];

    /// <summary>
    /// Parses <c>type</c>, <c>offset</c>, <c>tail</c> and <c>follow</c> (all optional: stdout,
    /// from the start, once). Returns the request, or the name of the bad parameter and why.
    /// </summary>
    public static (TaskLogRequest? Request, string? Field, string? Error) Parse(string? type, string? offset, string? tail, string? follow)
    {
        var stream = type ?? "stdout";
        if (!Streams.Contains(stream, StringComparer.Ordinal))
            return (null, "type", $"type is stdout or stderr, not '{stream}'");

        long start = 0;
        if (offset is not null && (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
            return (null, "offset", $"offset is a byte offset of 0 or more, not '{offset}'");

        int? lines = null;
        if (tail is not null)
        {
            if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > TailMax)
                return (null, "tail", $"tail is a number of lines from 0 to {TailMax}, not '{tail}'");
            lines = count;
        }

        // "?follow" alone means true, as "?stale" does on the masters.
        var following = follow switch
        {
            null => false,
            "" or "true" or "1" => true,
            "false" or "0" => false,
            _ => (bool?)null,
        };
        if (following is null)
            return (null, "follow", $"follow is true or false, not '{follow}'");
        return (new TaskLogRequest(stream, start, lines, following.Value), null, null);
    }

    /// <summary>The query string that <see cref="Parse"/> reads back to this request.</summary>
    public string ToQuery()
    {
        var query = $"?type={Stream}";
        query += Tail is { } lines ? string.Create(CultureInfo.InvariantCulture, $"&tail={lines}") : string.Create(CultureInfo.InvariantCulture, $"&offset={Offset}");
        return Follow ? query + "&follow=true" : query;
    }
}
