using Raftos.Core.Protocol;

namespace Raftos.Agent;

/// <summary>
/// Task state changes waiting to be acknowledged by a master, in order. A batch keeps its
/// request id across retries, so a report that was applied but whose answer was lost is not
/// applied twice; it gets a new id only after a definite refusal.
/// </summary>
internal sealed class StatusOutbox
{
    public sealed record Batch(string RequestId, IReadOnlyList<TaskStatusChange> Updates);

    private const int BatchMax = 1000;
    private readonly Lock gate = new();
    private readonly List<TaskStatusChange> waiting = [];
    private TaskCompletionSource added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Batch? inFlight;

    public void Add(TaskStatusChange change)
    {
        lock (gate)
        {
            waiting.Add(change);
            added.TrySetResult();
        }
    }

    /// <summary>The batch to send: the one in flight if unacknowledged, else the next changes.</summary>
    public async Task<Batch> NextBatchAsync(CancellationToken token)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (inFlight is not null)
                    return inFlight;
                if (waiting.Count > 0)
                {
                    var take = waiting.Take(BatchMax).ToList();
                    waiting.RemoveRange(0, take.Count);
                    return inFlight = new Batch(Guid.NewGuid().ToString("N"), take);
                }

                added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = added.Task;
            }

            await signal.WaitAsync(token).ConfigureAwait(false);
        }
    }

    public void Acknowledge(Batch batch)
    {
        lock (gate)
        {
            if (inFlight == batch)
                inFlight = null;
        }
    }

    public void Renew(Batch batch)
    {
        lock (gate)
        {
            if (inFlight == batch)
                inFlight = batch with { RequestId = Guid.NewGuid().ToString("N") };
        }
    }
}
