using System.Security.Cryptography;
using Raftos.Client;

namespace Raftos.Chaos.Checking;

/// <summary>
/// Once the cluster is quiet, every master's state at the same applied index must be the same
/// bytes: snapshots are canonical, so equal states hash equal and any divergence shows.
/// </summary>
public static class StateHashes
{
    /// <summary>Takes each master's local snapshot until all stand at one applied index (within <paramref name="timeout"/>), then compares their hashes.</summary>
    public static async Task<CheckVerdict> CheckAsync(IReadOnlyList<Uri> masters, TimeSpan timeout, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(masters);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        var last = Array.Empty<(Uri Master, long Index, string Hash)>();
        try
        {
            while (true)
            {
                last = await Task.WhenAll(masters.Select(m => HashOfAsync(m, deadline.Token))).ConfigureAwait(false);
                if (last.All(s => s.Index > 0) && last.Select(s => s.Index).Distinct().Count() == 1)
                {
                    var hashes = last.Select(s => s.Hash).Distinct(StringComparer.Ordinal).Count();
                    var violations = hashes == 1 ? [] : last.Select(s => $"{s.Master}: index {s.Index}, sha256 {s.Hash}").ToList();
                    return CheckVerdict.Of("state-hashes", $"{masters.Count} masters at applied index {last[0].Index}, {hashes} distinct state hash(es)", violations);
                }

                await Task.Delay(200, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return CheckVerdict.Of("state-hashes", "the masters never stood at one applied index", [.. last.Select(s => $"{s.Master}: index {s.Index}")]);
        }
    }

    private static async Task<(Uri Master, long Index, string Hash)> HashOfAsync(Uri master, CancellationToken token)
    {
        using var client = new RaftosClient(new RaftosClientOptions { Masters = [master], AttemptTimeout = TimeSpan.FromSeconds(5), AttemptsMax = 1 });
        using var buffer = new MemoryStream();
        try
        {
            var saved = await client.Snapshots.SaveAsync(buffer, stale: true, token).ConfigureAwait(false);
            return (master, saved.Index, Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
        }
        catch (RaftosApiException)
        {
            return (master, 0, string.Empty);
        }
    }
}
