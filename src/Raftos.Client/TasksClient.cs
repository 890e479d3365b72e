using System.Globalization;
using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The tasks: <c>/v1/tasks</c>.</summary>
public sealed class TasksClient
{
    private const string OffsetHeader = "X-Raftos-Log-Offset";
    private const int ResumesMax = 5;

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

    /// <summary>
    /// Copies task <paramref name="taskId"/>'s output, as its agent keeps it, into
    /// <paramref name="destination"/> as it arrives, and returns how many bytes were copied. When
    /// following and the stream breaks (a master or the connection failed), it is asked for again
    /// from the byte where it stopped, so nothing is repeated or missed.
    /// </summary>
    /// <exception cref="RaftosApiException">The task does not exist or was never placed (404, 409), its agent cannot be reached (502), or no master answered.</exception>
    public async Task<long> CopyLogsAsync(string taskId, Stream destination, TaskLogOptions? options = null, CancellationToken token = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new TaskLogOptions();
        var type = options.Output == TaskOutput.Stderr ? "stderr" : "stdout";
        var (offset, tail) = (options.Offset, options.Tail);
        long copied = 0;
        var breaksInRow = 0;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var path = ApiPaths.Query(ApiPaths.Of("/v1/tasks", taskId, "/logs"), ("type", type), ("offset", tail is null ? offset : null), ("tail", tail), ("follow", options.Follow ? "true" : null));
            using var response = await connection.SendAsync(new ApiRequest(HttpMethod.Get, path, Retry.Always), HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw await MasterConnection.ErrorOfAsync(response, token).ConfigureAwait(false);
            var start = response.Headers.TryGetValues(OffsetHeader, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : (long?)null;
            var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var copiedHere = 0L;
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                    {
                        await destination.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                        copiedHere += read;
                    }

                    return copied + copiedHere;
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !token.IsCancellationRequested)
                {
                    copied += copiedHere;
                    breaksInRow = copiedHere > 0 ? 1 : breaksInRow + 1;
                    if (!options.Follow || start is null || breaksInRow > ResumesMax)
                        throw new RaftosApiException($"the output of task '{taskId}' broke off after {copied} bytes: {e.Message}", e);
                    (offset, tail) = (start.Value + copiedHere, null);
                }
            }
        }
    }
}
