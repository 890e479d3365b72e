using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The roles (teams sharing the cluster): <c>/v1/roles</c>.</summary>
public sealed class RolesClient
{
    private readonly MasterConnection connection;

    internal RolesClient(MasterConnection connection) => this.connection = connection;

    /// <summary>Every role configured or used by a job, in name order.</summary>
    public Task<IReadOnlyList<RoleInfo>> ListAsync(CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, "/v1/roles", Retry.Always), RaftosJsonContext.Default.IReadOnlyListRoleInfo, token);

    /// <summary>Role <paramref name="name"/>; a 404 <see cref="RaftosApiException"/> when it is neither configured nor used.</summary>
    public Task<RoleInfo> GetAsync(string name, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, ApiPaths.Of("/v1/roles", name), Retry.Always), RaftosJsonContext.Default.RoleInfo, token);

    /// <summary>Sets role <paramref name="name"/>'s weight (1 to 1000) and quota (none when null), replacing what it had.</summary>
    public Task<RoleInfo> SetAsync(string name, int weight, RoleQuota? quota = null, CancellationToken token = default)
        => connection.CallAsync(
            ApiRequest.Json(HttpMethod.Put, ApiPaths.Of("/v1/roles", name), Retry.Always, new RoleBody(weight, quota), BodyJsonContext.Default.RoleBody),
            RaftosJsonContext.Default.RoleInfo, token);

    /// <summary>Puts role <paramref name="name"/> back to weight 1 and no quota.</summary>
    public Task<RoleRemoveResult> RemoveAsync(string name, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Delete, ApiPaths.Of("/v1/roles", name), Retry.Always), RaftosJsonContext.Default.RoleRemoveResult, token);
}
