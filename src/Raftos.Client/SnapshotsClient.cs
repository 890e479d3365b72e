using System.Globalization;
using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>Snapshots of the cluster state for backups: <c>/v1/snapshot</c>.</summary>
public sealed class SnapshotsClient
{
    private const string IndexHeader = "X-Raftos-Index";

    private readonly MasterConnection connection;

    internal SnapshotsClient(MasterConnection connection) => this.connection = connection;

    /// <summary>
    /// Copies a consistent snapshot of the applied cluster state into <paramref name="destination"/>
    /// as it arrives; linearizable unless <paramref name="stale"/>, which takes the answering
    /// master's state as it is.
    /// </summary>
    public async Task<SnapshotSaveResult> SaveAsync(Stream destination, bool stale = false, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var request = new ApiRequest(HttpMethod.Get, stale ? "/v1/snapshot?stale" : "/v1/snapshot", Retry.Always);
        using var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await MasterConnection.ErrorOfAsync(response, token).ConfigureAwait(false);
        if (!response.Headers.TryGetValues(IndexHeader, out var values)
            || !long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new RaftosApiException($"GET /v1/snapshot answered without a valid {IndexHeader} header");

        var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long bytes = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                bytes += read;
            }

            return new SnapshotSaveResult(index, bytes);
        }
    }
}
