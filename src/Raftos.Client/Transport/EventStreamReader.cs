using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Raftos.Client.Transport;

/// <summary>Reads Server-Sent Events (<c>id</c>, <c>event</c>, <c>data</c> lines; comments skipped) as <see cref="RaftosEvent"/>s.</summary>
internal static class EventStreamReader
{
    /// <summary>
    /// The events of <paramref name="stream"/> until it ends. A stream silent for longer than
    /// <paramref name="silenceMax"/> (the master sends keep-alives) ends with a <see cref="TimeoutException"/>.
    /// </summary>
    public static async IAsyncEnumerable<RaftosEvent> ReadAsync(Stream stream, TimeSpan silenceMax, [EnumeratorCancellation] CancellationToken token)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long? id = null;
        string? kind = null;
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            using (var silence = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                silence.CancelAfter(silenceMax);
                try
                {
                    line = await reader.ReadLineAsync(silence.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException($"the event stream was silent for {silenceMax.TotalSeconds:0} s");
                }
            }

            if (line is null)
                yield break;
            if (line.Length == 0)
            {
                if (id is { } index && kind is not null)
                    yield return new RaftosEvent(index, kind, Parse(data));
                id = null;
                kind = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
                continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                    break;
                case "event":
                    kind = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
                default:
                    break;
            }
        }
    }

    private static JsonElement Parse(StringBuilder data)
    {
        using var document = JsonDocument.Parse(data.Length == 0 ? "null" : data.ToString());
        return document.RootElement.Clone();
    }
}
