using Raftos.Core.Commands;

namespace Raftos.Core.State;

/// <summary>
/// The last <see cref="Limits.RememberedRequestsMax"/> request ids with their results, so a
/// retried command is applied once. Eviction is first-in first-out by apply order, which is
/// the same on every replica.
/// </summary>
public sealed class RequestLog
{
    private readonly Dictionary<string, CommandResult> results = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly int capacity;

    /// <summary>Creates a log remembering at most <paramref name="capacity"/> requests.</summary>
    public RequestLog(int capacity = Limits.RememberedRequestsMax)
    {
        Invariant.Holds(capacity > 0, "request log capacity is positive");
        this.capacity = capacity;
    }

    /// <summary>Number of remembered requests.</summary>
    public int Count => results.Count;

    /// <summary>The earlier result of <paramref name="requestId"/>, if still remembered.</summary>
    public CommandResult? Find(string requestId) => results.GetValueOrDefault(requestId);

    internal void Remember(string requestId, CommandResult result)
    {
        Invariant.Holds(results.TryAdd(requestId, result), "a request id is remembered once");
        order.Enqueue(requestId);
        while (order.Count > capacity)
            Invariant.Holds(results.Remove(order.Dequeue()), "evicted request ids were remembered");
    }

    internal IEnumerable<RememberedRequest> InOrder => order.Select(id => new RememberedRequest(id, results[id]));

    internal void Restore(IEnumerable<RememberedRequest> restored)
    {
        foreach (var request in restored)
            Remember(request.RequestId, request.Result);
    }
}
