using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The agents: <c>/v1/agents</c>.</summary>
public sealed class AgentsClient
{
    private readonly MasterConnection connection;

    internal AgentsClient(MasterConnection connection) => this.connection = connection;

    /// <summary>Every registered agent with its resources and status.</summary>
    public Task<IReadOnlyList<AgentInfo>> ListAsync(CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, "/v1/agents", Retry.Always), RaftosJsonContext.Default.IReadOnlyListAgentInfo, token);

    /// <summary>Agent <paramref name="id"/>; a 404 <see cref="RaftosApiException"/> when it is not registered.</summary>
    public Task<AgentInfo> GetAsync(string id, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, ApiPaths.Of("/v1/agents", id), Retry.Always), RaftosJsonContext.Default.AgentInfo, token);

    /// <summary>Drains agent <paramref name="id"/>: it takes no new tasks, and its tasks move to other agents.</summary>
    public Task<AgentDrainResult> DrainAsync(string id, CancellationToken token = default) => SetDrainAsync(id, "/drain", token);

    /// <summary>Undrains agent <paramref name="id"/>: it takes tasks again.</summary>
    public Task<AgentDrainResult> UndrainAsync(string id, CancellationToken token = default) => SetDrainAsync(id, "/undrain", token);

    // Setting the same drain state twice is the same as once, so both are safe to retry.
    private Task<AgentDrainResult> SetDrainAsync(string id, string action, CancellationToken token)
        => connection.CallAsync(new ApiRequest(HttpMethod.Post, ApiPaths.Of("/v1/agents", id, action), Retry.Always), RaftosJsonContext.Default.AgentDrainResult, token);
}
