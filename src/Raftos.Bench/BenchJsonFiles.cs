using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Raftos.Bench;

/// <summary>Reads and writes the result files that the script hands from one subcommand to the next.</summary>
internal static class BenchJsonFiles
{
    public static async Task WriteAsync<T>(FileInfo file, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        var stream = file.Create();
        await using (stream)
        {
            await JsonSerializer.SerializeAsync(stream, value, typeInfo, cancellationToken);
        }
    }

    public static async Task<T> ReadAsync<T>(FileInfo file, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = file.OpenRead();
        await using (stream)
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken)
                ?? throw new InvalidDataException($"{file.FullName} holds no result.");
        }
    }
}
