using System.Collections.Concurrent;
using Raftos.Chaos.Cluster;
using Raftos.Client;

namespace Raftos.Chaos.Checking;

/// <summary>
/// Samples every master's own view of the cluster and keeps each claim "I lead term T": two
/// masters claiming the same term is a split brain, whatever else happened.
/// </summary>
public sealed class LeaderClaims
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, byte>> claims = new();
    private long samples;

    /// <summary>Samples every <paramref name="every"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(IReadOnlyList<Uri> masters, TimeSpan every, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(masters);
        while (!stop.IsCancellationRequested)
        {
            ClusterInfo?[] views;
            try
            {
                views = await Task.WhenAll(masters.Select(m => ChaosCluster.ClusterOfAsync(m, stop))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while a sample was in flight: the normal end.
                return;
            }

            foreach (var view in views)
            {
                // The term a master was elected in, not its current term: a deposed leader sees the
                // higher term a moment before it steps down, and must not count as leading it.
                if (view is { LeadingTerm: { } term })
                    claims.GetOrAdd(term, _ => new(StringComparer.Ordinal)).TryAdd(view.NodeId, 0);
            }

            Interlocked.Increment(ref samples);
            try
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The terms seen with a leader, and who claimed each.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> Terms => claims.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)[.. c.Value.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>At most one leader per term.</summary>
    public CheckVerdict Verdict()
    {
        var terms = Terms;
        var violations = terms.Where(t => t.Value.Count > 1).OrderBy(t => t.Key)
            .Select(t => $"term {t.Key}: {string.Join(" and ", t.Value)} each claimed to lead").ToList();
        return CheckVerdict.Of("leader-per-term", $"{Interlocked.Read(ref samples)} samples of every master, {terms.Count} terms with a leader", violations);
    }
}
