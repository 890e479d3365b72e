using System.Buffers;
using Raftos.Core.Protocol;

namespace Raftos.Agent.Logs;

/// <summary>
/// Copies a task's output file to a reader: all of it, from an offset, or its last lines, and
/// then, when following, what the task appends until it ends. The file is only read, never
/// locked, so the task's writes are never held up.
/// </summary>
internal static class TaskLogStream
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>How often a follower looks for new output; polling a file is what tail -f does too.</summary>
    public static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Opens <paramref name="path"/> for reading while the task may write to it. A task that is
    /// starting may not have created its files yet: while <paramref name="running"/> says it may,
    /// this waits for them; null when the file does not exist and will not.
    /// </summary>
    public static async Task<FileStream?> OpenAsync(string path, Func<bool> running, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(running);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                if (!running())
                    return null;
            }

            await Task.Delay(FollowPoll, token).ConfigureAwait(false);
        }
    }

    /// <summary>Where <paramref name="request"/> starts reading <paramref name="file"/>: its last lines, or its offset (at most the end).</summary>
    public static long StartOf(FileStream file, TaskLogRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        return request.Tail is { } lines ? StartOfLastLines(file, lines) : Math.Min(request.Offset, file.Length);
    }

    /// <summary>
    /// Writes <paramref name="file"/> from <paramref name="start"/> to <paramref name="output"/>.
    /// When <paramref name="follow"/>, keeps writing what is appended while <paramref name="running"/>
    /// says more may come; once it says no and the file is read to its end, the copy ends.
    /// </summary>
    public static async Task CopyAsync(FileStream file, long start, bool follow, Func<bool> running, Stream output, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(output);
        file.Position = start;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (true)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, ChunkBytes), token).ConfigureAwait(false);
                if (read > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                    await output.FlushAsync(token).ConfigureAwait(false);
                    continue;
                }

                if (!follow)
                    return;

                // Asked before the last look at the file, so output written just before the end is still read.
                var more = running();
                if (!more && file.Position >= file.Length)
                    return;
                if (more)
                    await Task.Delay(FollowPoll, token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The offset of the first of the last <paramref name="lines"/> lines of <paramref name="file"/> (a final line without a newline counts).</summary>
    internal static long StartOfLastLines(FileStream file, int lines)
    {
        var end = file.Length;
        if (lines == 0)
            return end;
        var buffer = new byte[ChunkBytes];
        var position = end;
        var newlines = 0;

        // The newline that ends the last line does not start a line.
        var skipFinal = end > 0 && ReadByteAt(file, end - 1) == (byte)'\n';
        while (position > 0)
        {
            var size = (int)Math.Min(buffer.Length, position);
            position -= size;
            file.Position = position;
            file.ReadExactly(buffer, 0, size);
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n')
                    continue;
                if (skipFinal && position + i == end - 1)
                    continue;
                if (++newlines == lines)
                    return position + i + 1;
            }
        }

        return 0;
    }

    private static int ReadByteAt(FileStream file, long offset)
    {
        file.Position = offset;
        return file.ReadByte();
    }
}
