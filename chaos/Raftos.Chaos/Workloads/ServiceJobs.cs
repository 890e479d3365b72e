using System.Globalization;
using Raftos.Client;

namespace Raftos.Chaos.Workloads;

/// <summary>
/// Long-running service jobs submitted at the start of a run: after every agent fault, and once
/// every fault has healed, each must be running its full count again, on agents that are up.
/// </summary>
public sealed class ServiceJobs(int jobs, int count, string prefix)
{
    /// <summary>The job ids.</summary>
    public IReadOnlyList<string> Ids { get; } = [.. Enumerable.Range(1, jobs).Select(i => $"{prefix}{i.ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>Tasks each job runs.</summary>
    public int Count => count;

    /// <summary>Submits every job (each task a real sleeping process), spread across agents.</summary>
    public async Task SubmitAsync(RaftosClient client, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var id in Ids)
        {
            await client.Jobs.SubmitAsync(new JobSpec
            {
                Id = id,
                Type = JobType.Service,
                Count = count,
                Strategy = PlacementStrategy.Spread,
                Task = new TaskSpec { Command = "sleep", Args = ["86400"], Resources = new ResourceAmounts(100, 16) },
            }, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How many tasks are missing: every job's count less its tasks running on agents not in
    /// <paramref name="down"/>. Null when the masters cannot say now.
    /// </summary>
    public async Task<int?> ShortfallAsync(RaftosClient client, IReadOnlySet<string> down, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(down);
        try
        {
            var running = (await client.Tasks.ListAsync(state: "running", token: token).ConfigureAwait(false))
                .Where(t => t.AgentId is { } agent && !down.Contains(agent))
                .GroupBy(t => t.JobId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return Ids.Sum(id => Math.Max(0, count - running.GetValueOrDefault(id)));
        }
        catch (RaftosApiException)
        {
            return null;
        }
    }

    /// <summary>Waits until no task is missing (see <see cref="ShortfallAsync"/>); returns how long it took, or null if it did not happen within <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> WaitFullAsync(RaftosClient client, IReadOnlySet<string> down, TimeSpan timeout, CancellationToken token)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        try
        {
            while (await ShortfallAsync(client, down, deadline.Token).ConfigureAwait(false) is not 0)
                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return null;
        }
    }
}
