namespace Raftos.Bench;

/// <summary>Issues one put in the target system's HTTP dialect.</summary>
internal interface IKvWriter
{
    /// <summary>Returns null on success, otherwise a short description of why the put failed.</summary>
    Task<string?> PutAsync(Uri endpoint, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);
}
