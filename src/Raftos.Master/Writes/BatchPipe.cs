using System.Threading.Channels;
using Raftos.Core.Commands;

namespace Raftos.Master.Writes;

/// <summary>
/// A bounded queue of commands drained in batches by a fixed number of senders. Under load
/// each send carries many commands (one replication round, or one forwarding request), which
/// is where throughput comes from; when idle a command goes out alone at once.
/// </summary>
internal sealed class BatchPipe : IAsyncDisposable
{
    private readonly record struct Item(Command Command, TaskCompletionSource<CommandResult> Done);

    private readonly Channel<Item> queue;
    private readonly Func<CommandBatch, CancellationToken, Task<IReadOnlyList<CommandResult>>> send;
    private readonly int batchCommandsMax;
    private readonly string name;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task[] senders;

    public BatchPipe(
        string name,
        int capacity,
        int batchCommandsMax,
        int sendersCount,
        Func<CommandBatch, CancellationToken, Task<IReadOnlyList<CommandResult>>> send)
    {
        Core.Invariant.Holds(capacity > 0 && batchCommandsMax > 0 && sendersCount > 0, "pipe limits are positive");
        this.name = name;
        this.send = send;
        this.batchCommandsMax = batchCommandsMax;
        queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = false,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        senders = Enumerable.Range(0, sendersCount).Select(_ => Task.Run(SendLoopAsync)).ToArray();
    }

    /// <summary>Queues <paramref name="command"/> and waits for its result.</summary>
    /// <exception cref="WriteUnavailableException">The queue is full.</exception>
    public Task<CommandResult> SubmitAsync(Command command, CancellationToken token)
    {
        var done = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite(new Item(command, done)))
            throw new WriteUnavailableException($"the {name} queue is full; retry later");
        return done.Task.WaitAsync(token);
    }

    private async Task SendLoopAsync()
    {
        var items = new List<Item>(batchCommandsMax);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                items.Clear();
                while (items.Count < batchCommandsMax && reader.TryRead(out var item))
                {
                    if (!item.Done.Task.IsCompleted)
                        items.Add(item);
                }

                if (items.Count > 0)
                    await SendAsync(items).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(List<Item> items)
    {
        try
        {
            var results = await send(new CommandBatch([.. items.Select(i => i.Command)]), stopping.Token).ConfigureAwait(false);
            Core.Invariant.Holds(results.Count == items.Count, "a batch yields one result per command");
            for (var i = 0; i < items.Count; i++)
                items[i].Done.TrySetResult(results[i]);
        }
        catch (Exception e)
        {
            foreach (var item in items)
                item.Done.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(senders).ConfigureAwait(false);
        while (queue.Reader.TryRead(out var item))
            item.Done.TrySetException(new WriteUnavailableException("the master is shutting down"));
        stopping.Dispose();
    }
}
