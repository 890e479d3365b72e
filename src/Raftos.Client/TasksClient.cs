using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The tasks: <c>/v1/tasks</c>.</summary>
public sealed class TasksClient
{
    private readonly MasterConnection connection;

    internal TasksClient(MasterConnection connection) => this.connection = connection;

    /// <summary>
    /// Tasks, oldest first, of job <paramref name="job"/>, on agent <paramref name="agent"/> and
    /// in state <paramref name="state"/> (e.g. <c>running</c>); a null filter takes every task.
    /// </summary>
    public Task<IReadOnlyList<TaskInfo>> ListAsync(string? job = null, string? agent = null, string? state = null, CancellationToken token = default)
        => connection.CallAsync(
            new ApiRequest(HttpMethod.Get, ApiPaths.Query("/v1/tasks", ("job", job), ("agent", agent), ("state", state)), Retry.Always),
            RaftosJsonContext.Default.IReadOnlyListTaskInfo, token);
}
