using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The masters: <c>/v1/cluster</c>.</summary>
public sealed class ClusterClient
{
    private readonly MasterConnection connection;

    internal ClusterClient(MasterConnection connection) => this.connection = connection;

    /// <summary>The leader, term, indexes and masters, as the master answering sees them.</summary>
    public Task<ClusterInfo> GetAsync(CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, "/v1/cluster", Retry.Always), RaftosJsonContext.Default.ClusterInfo, token);

    /// <summary>
    /// Adds a master already running in join mode (no peers) at <paramref name="raftAddress"/>
    /// (ip:port) and <paramref name="httpAddress"/>. Adding the same master again is harmless.
    /// </summary>
    public Task<MasterInfo> AddMasterAsync(string id, string raftAddress, Uri httpAddress, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(httpAddress);
        var body = new AddMasterBody(id, raftAddress, httpAddress.ToString().TrimEnd('/'));
        return connection.CallAsync(
            ApiRequest.Json(HttpMethod.Post, "/v1/cluster/masters", Retry.Always, body, BodyJsonContext.Default.AddMasterBody),
            RaftosJsonContext.Default.MasterInfo, token);
    }

    /// <summary>Removes master <paramref name="id"/> from the cluster; the leader cannot remove itself.</summary>
    public Task<MasterRemoveResult> RemoveMasterAsync(string id, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Delete, ApiPaths.Of("/v1/cluster/masters", id), Retry.IfNotDelivered), RaftosJsonContext.Default.MasterRemoveResult, token);
}
