using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using DotNext.Net.Cluster.Consensus.Raft;
using MessagePack;
using Microsoft.Extensions.Logging;
using Raftos.Core;
using Raftos.Core.Commands;
using Raftos.Master.Raft;

namespace Raftos.Master.Writes;

/// <summary>
/// The one way a command enters the log. On the leader, commands are batched into log
/// entries (several entries in flight); on a follower, they are batched into forwarding
/// requests to the leader. A write returns only once its command is committed and applied,
/// and is retried across leader changes with the same request id, which the state machine
/// applies at most once.
/// </summary>
public sealed partial class CommandSubmitter : IAsyncDisposable
{
    /// <summary>Path of the leader's internal endpoint that takes forwarded commands.</summary>
    public const string ForwardPath = "/v1/internal/commands";

    /// <summary>Media type of forwarded batches and their results.</summary>
    public const string MessagePackMediaType = "application/x-msgpack";

    private readonly RaftNode node;
    private readonly LeaderDirectory leaders;
    private readonly HttpClient http;
    private readonly ILogger logger;
    private readonly BatchPipe local;
    private readonly BatchPipe forward;

    /// <summary>Creates the submitter; its pipes start at once and idle until used.</summary>
    public CommandSubmitter(RaftNode node, LeaderDirectory leaders, HttpClient http, ILogger<CommandSubmitter> logger)
    {
        ArgumentNullException.ThrowIfNull(node);
        this.node = node;
        this.leaders = leaders;
        this.http = http;
        this.logger = logger;
        var options = node.Options;
        local = new BatchPipe("replication", options.WriteQueueCapacity, options.BatchCommandsMax, options.BatchesInFlightMax, ReplicateAsync);
        forward = new BatchPipe("forwarding", options.WriteQueueCapacity, options.BatchCommandsMax, options.BatchesInFlightMax * 2, ForwardAsync);
    }

    /// <summary>
    /// Submits <paramref name="command"/> and waits until it is applied.
    /// </summary>
    /// <exception cref="WriteUnavailableException">No leader within the write timeout, or the queue is full.</exception>
    public async Task<CommandResult> SubmitAsync(Command command, CancellationToken token)
    {
        if (!node.IsVoter)
            throw new WriteUnavailableException("this master is not a voting member (it is waiting to be added, or was removed); send writes to another master");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(node.Options.WriteTimeout);
        var attempt = 0;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (node.IsLeader)
                    return await local.SubmitAsync(command, timeout.Token).ConfigureAwait(false);
                if (node.Leader is not null)
                    return await forward.SubmitAsync(command, timeout.Token).ConfigureAwait(false);
                last = new RetryableWriteException("no leader is known");
            }
            catch (Exception e) when (IsRetryable(e) && !timeout.IsCancellationRequested)
            {
                last = e;
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new WriteUnavailableException($"the write did not complete within {node.Options.WriteTimeout.TotalSeconds:0.#} s: {last?.Message ?? "no leader"}", e);
            }

            try
            {
                await Task.Delay(Backoff(attempt++), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!token.IsCancellationRequested)
            {
                throw new WriteUnavailableException($"the write did not complete within {node.Options.WriteTimeout.TotalSeconds:0.#} s: {last?.Message ?? "no leader"}", e);
            }
        }
    }

    /// <summary>Applies a batch forwarded by a follower, on the leader; commands join the local batches.</summary>
    public async Task<IReadOnlyList<CommandResult>> SubmitForwardedAsync(CommandBatch batch, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!node.IsLeader)
            throw new RetryableWriteException("this master is not the leader");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(node.Options.WriteTimeout);
        var pending = batch.Commands.Select(c => local.SubmitAsync(c, timeout.Token)).ToArray();
        return await Task.WhenAll(pending).ConfigureAwait(false);
    }

    // A SocketException can escape HttpClient unwrapped when the connection to the leader
    // breaks while it is being set up (seen under the chaos suite's connection resets).
    // Retrying is safe: every command carries its request id and is applied once.
    private static bool IsRetryable(Exception e)
        => e is RetryableWriteException or NotLeaderException or HttpRequestException
            or OperationCanceledException or TimeoutException or IOException or System.Net.Sockets.SocketException;

    // 2, 4, 8 ... 100 ms with full jitter: fast enough to find a new leader in well under a
    // second, slow enough not to spin while an election is running.
    private static TimeSpan Backoff(int attempt)
        => TimeSpan.FromMilliseconds(2 + Random.Shared.Next(Math.Min(100, 2 << Math.Min(attempt, 6))));

    private async Task<IReadOnlyList<CommandResult>> ReplicateAsync(CommandBatch batch, CancellationToken token)
    {
        var cluster = node.Cluster ?? throw new RetryableWriteException("the Raft node is not started");
        var pending = new PendingBatch(batch.Commands.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token, cluster.LeadershipToken);
        timeout.CancelAfter(node.Options.WriteTimeout);
        try
        {
            // The leader's clock stamps the entry: the only way time enters the replicated state.
            var stamped = batch with { At = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() };
            var started = Stopwatch.GetTimestamp();
            await cluster.ReplicateAsync(RaftosSerializer.Encode(stamped), pending, timeout.Token).ConfigureAwait(false);
            var results = await pending.Results.WaitAsync(timeout.Token).ConfigureAwait(false);
            Metrics.RaftosMetrics.RaftReplicationDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return results;
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested)
        {
            throw new RetryableWriteException(cluster.LeadershipToken.IsCancellationRequested
                ? "leadership was lost while replicating"
                : "replication timed out", e);
        }
    }

    private async Task<IReadOnlyList<CommandResult>> ForwardAsync(CommandBatch batch, CancellationToken token)
    {
        var leaderUrl = await leaders.LeaderHttpUrlAsync(token).ConfigureAwait(false)
            ?? throw new RetryableWriteException("the leader's HTTP address is not known yet");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(node.Options.WriteTimeout);
        using var content = new ByteArrayContent(MessagePackSerializer.Serialize(batch, RaftosSerializer.Trusted, token));
        content.Headers.ContentType = new MediaTypeHeaderValue(MessagePackMediaType);
        using var response = await http.PostAsync(new Uri(new Uri(leaderUrl), ForwardPath), content, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.MisdirectedRequest or HttpStatusCode.ServiceUnavailable)
            throw new RetryableWriteException($"the leader at {leaderUrl} answered {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
        {
            LogForwardFailed(logger, leaderUrl, (int)response.StatusCode);
            throw new RetryableWriteException($"the leader at {leaderUrl} answered {(int)response.StatusCode}");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        return MessagePackSerializer.Deserialize<CommandResult[]>(bytes, RaftosSerializer.Untrusted, timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await local.DisposeAsync().ConfigureAwait(false);
        await forward.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to the leader at {LeaderUrl} failed with HTTP {Status}")]
    private static partial void LogForwardFailed(ILogger logger, string leaderUrl, int status);
}
