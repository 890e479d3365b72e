using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary>What an operator command runs with: its parsed arguments, a client of the masters and where to write.</summary>
public sealed class CliContext : IDisposable
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private RaftosClient? client;

    private CliContext(ParseResult result)
    {
        Result = result;
        Output = result.InvocationConfiguration.Output;
        Error = result.InvocationConfiguration.Error;
        Json = result.GetValue(CliOptions.Json);
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Result { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether --json was given.</summary>
    public bool Json { get; }

    /// <summary>A client of the masters named by --address (created on first use).</summary>
    public RaftosClient Client => client ??= new RaftosClient(new RaftosClientOptions { Masters = CliOptions.Masters(Result) });

    /// <summary>
    /// Runs <paramref name="run"/>; an API or usage error becomes one line on stderr and exit
    /// code 1, never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult result, Func<CliContext, CancellationToken, Task<int>> run, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(run);
        using var context = new CliContext(result);
        try
        {
            return await run(context, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RaftosApiException or CliException)
        {
            await context.FailAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return 130;
        }
    }

    /// <summary>Writes <c>raftos: message</c> on stderr.</summary>
    public Task FailAsync(string message) => Error.WriteLineAsync($"raftos: {message}");

    /// <summary>Writes <paramref name="value"/> as JSON with --json, else as <paramref name="human"/> writes it; exit code 0.</summary>
    public int Print<T>(T value, JsonTypeInfo<T> type, Action<TextWriter> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json)
            WriteJson(value, type);
        else
            human(Output);
        return 0;
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
            JsonSerializer.Serialize(writer, value, type);
        Output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <inheritdoc />
    public void Dispose() => client?.Dispose();
}
