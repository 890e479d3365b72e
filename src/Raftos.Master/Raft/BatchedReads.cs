using System.Threading.Channels;
using Raftos.Core.State;

namespace Raftos.Master.Raft;

/// <summary>
/// Runs small reads of the state in batches: each caller queues its read and awaits it, and
/// one loop takes the state machine's lock once for everything queued. A thousand agents'
/// long polls woken by one entry then cost one lock wait on one thread, rather than a
/// thousand threads blocked behind an apply or the scheduler (which starves the thread pool,
/// and with it the Raft heartbeats). The queue needs no bound of its own: each waiting
/// request has at most one read in it.
/// </summary>
internal sealed class BatchedReads : IAsyncDisposable
{
    private const int BatchMax = 4096;

    private readonly ClusterStateMachine stateMachine;
    private readonly Channel<IQueuedRead> queue = Channel.CreateUnbounded<IQueuedRead>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public BatchedReads(ClusterStateMachine stateMachine)
    {
        this.stateMachine = stateMachine;
        loop = Task.Run(RunAsync);
    }

    private interface IQueuedRead
    {
        void Run(ClusterState state);
    }

    /// <summary>Queues <paramref name="read"/> for the next batch and waits for its result.</summary>
    public Task<T> ReadAsync<T>(Func<ClusterState, T> read, CancellationToken token)
    {
        var queued = new QueuedRead<T>(read);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(queued), this);
        return queued.Result.WaitAsync(token);
    }

    private async Task RunAsync()
    {
        var batch = new List<IQueuedRead>(BatchMax);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < BatchMax && queue.Reader.TryRead(out var read))
                batch.Add(read);
            stateMachine.Read(state =>
            {
                foreach (var read in batch)
                    read.Run(state);
                return batch.Count;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private sealed class QueuedRead<T>(Func<ClusterState, T> read) : IQueuedRead
    {
        private readonly TaskCompletionSource<T> result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Result => result.Task;

        // A failing read fails its own caller, never the batch it shares with others.
        public void Run(ClusterState state)
        {
            try
            {
                result.TrySetResult(read(state));
            }
            catch (Exception e)
            {
                result.TrySetException(e);
            }
        }
    }
}
