using System.Text;
using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The key-value store: <c>/v1/kv</c>. Reads are linearizable; writes are acknowledged once committed.</summary>
public sealed class KeyValueClient
{
    private readonly MasterConnection connection;

    internal KeyValueClient(MasterConnection connection) => this.connection = connection;

    /// <summary>Key <paramref name="key"/> with its value and revisions; a 404 <see cref="RaftosApiException"/> when it does not exist.</summary>
    public Task<KeyValue> GetAsync(string key, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, ApiPaths.Key(key), Retry.Always), RaftosJsonContext.Default.KeyValue, token);

    /// <summary>
    /// Writes <paramref name="value"/> to <paramref name="key"/>. With <paramref name="cas"/>, only
    /// if the key's revision is that (0: only if the key does not exist); otherwise a 409
    /// <see cref="RaftosApiException"/> carrying the <see cref="RaftosApiException.CurrentRevision"/>.
    /// </summary>
    public Task<KeyWriteResult> PutAsync(string key, ReadOnlyMemory<byte> value, long? cas = null, CancellationToken token = default)
        => connection.CallAsync(
            new ApiRequest(HttpMethod.Put, ApiPaths.Query(ApiPaths.Key(key), ("cas", cas)), Retry.Always, value.ToArray(), "application/octet-stream"),
            RaftosJsonContext.Default.KeyWriteResult, token);

    /// <summary>Writes <paramref name="value"/> as UTF-8 to <paramref name="key"/>; see <see cref="PutAsync(string, ReadOnlyMemory{byte}, long?, CancellationToken)"/>.</summary>
    public Task<KeyWriteResult> PutAsync(string key, string value, long? cas = null, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PutAsync(key, Encoding.UTF8.GetBytes(value), cas, token);
    }

    /// <summary>Deletes <paramref name="key"/>, with <paramref name="cas"/> only if its revision is that; a 404 when it does not exist.</summary>
    public Task<KeyWriteResult> DeleteAsync(string key, long? cas = null, CancellationToken token = default)
        => connection.CallAsync(
            new ApiRequest(HttpMethod.Delete, ApiPaths.Query(ApiPaths.Key(key), ("cas", cas)), Retry.Always),
            RaftosJsonContext.Default.KeyWriteResult, token);

    /// <summary>Keys starting with <paramref name="prefix"/> in key order, at most <paramref name="limit"/> (the server's default 1000 when null).</summary>
    public Task<IReadOnlyList<KeyValue>> ListAsync(string prefix = "", int? limit = null, CancellationToken token = default)
        => ListAsync(prefix, limit, after: null, token);

    /// <summary>
    /// One page of the keys starting with <paramref name="prefix"/>: at most <paramref name="limit"/>
    /// of them, after key <paramref name="after"/> (the last key of the previous page; null for the first).
    /// </summary>
    public Task<IReadOnlyList<KeyValue>> ListAsync(string prefix, int? limit, string? after, CancellationToken token = default)
        => connection.CallAsync(
            new ApiRequest(HttpMethod.Get, ApiPaths.Query("/v1/kv", ("prefix", string.IsNullOrEmpty(prefix) ? null : prefix), ("limit", limit), ("after", after)), Retry.Always),
            RaftosJsonContext.Default.IReadOnlyListKeyValue, token);

    /// <summary>
    /// Every key starting with <paramref name="prefix"/>, read page by page (each page
    /// linearizable on its own; the pages together are not one snapshot).
    /// </summary>
    public async Task<IReadOnlyList<KeyValue>> ListAllAsync(string prefix = "", CancellationToken token = default)
    {
        const int Page = 10_000;
        var all = new List<KeyValue>();
        while (true)
        {
            var page = await ListAsync(prefix, Page, all.Count == 0 ? null : all[^1].Key, token).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < Page)
                return all;
        }
    }
}
