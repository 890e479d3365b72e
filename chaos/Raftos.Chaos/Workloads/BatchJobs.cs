using System.Globalization;
using Raftos.Chaos.Checking;
using Raftos.Chaos.History;
using Raftos.Client;

namespace Raftos.Chaos.Workloads;

/// <summary>
/// Batch jobs submitted one after another while the faults go on, each a few short real
/// processes: every acknowledged job must end with all its tasks finished, whatever happened
/// to the masters and agents meanwhile (a lost task is run again until it finishes).
/// </summary>
public sealed class BatchJobs(Func<RaftosClient> clients, string prefix, TimeSpan every)
{
    private const int Count = 2;
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Outcome> submitted = new(StringComparer.Ordinal);

    /// <summary>Submits a job at every interval until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var client = clients();
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}{n.ToString(CultureInfo.InvariantCulture)}";
            using var timeout = new CancellationTokenSource(OperationTimeout);
            Outcome outcome;
            try
            {
                await client.Jobs.SubmitAsync(new JobSpec
                {
                    Id = id,
                    Type = JobType.Batch,
                    Count = Count,
                    Task = new TaskSpec { Command = "sleep", Args = ["1"], Resources = new ResourceAmounts(50, 8) },
                }, timeout.Token).ConfigureAwait(false);
                outcome = Outcome.Ok;
            }
            catch (Exception e) when (e is RaftosApiException or OperationCanceledException)
            {
                outcome = e is RaftosApiException api ? OperationOutcomes.Of(api) : Outcome.Unknown;
            }

            lock (submitted)
                submitted[id] = outcome;
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

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until every acknowledged job has all its tasks
    /// finished, then judges: an acknowledged job that never finished, or a job that exists
    /// though its submission was refused, is a violation.
    /// </summary>
    public async Task<CheckVerdict> CheckAsync(RaftosClient client, TimeSpan timeout, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(client);
        Dictionary<string, Outcome> jobs;
        lock (submitted)
            jobs = new(submitted, StringComparer.Ordinal);
        var acknowledged = jobs.Where(j => j.Value == Outcome.Ok).Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        var started = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<JobInfo> listed = [];
        while (true)
        {
            try
            {
                listed = [.. (await client.Jobs.ListAsync(token).ConfigureAwait(false)).Where(j => j.Id.StartsWith(prefix, StringComparison.Ordinal))];
            }
            catch (RaftosApiException)
            {
                // No leader just now: ask again.
            }

            var unfinished = acknowledged.Where(id => listed.FirstOrDefault(j => j.Id == id) is not { } job || job.Tasks.GetValueOrDefault("finished") < Count).ToList();
            if (unfinished.Count == 0 || started.Elapsed > timeout)
            {
                var violations = unfinished.Order(StringComparer.Ordinal).Select(id => $"job {id} was acknowledged but {Describe(listed.FirstOrDefault(j => j.Id == id))} after {started.Elapsed.TotalSeconds:0} s").ToList();
                violations.AddRange(jobs.Where(j => j.Value == Outcome.Failed && listed.Any(l => l.Id == j.Key)).Select(j => $"job {j.Key} exists though its submission was refused"));
                var unknownLanded = jobs.Count(j => j.Value == Outcome.Unknown && listed.Any(l => l.Id == j.Key));
                return CheckVerdict.Of("batch-jobs", $"{acknowledged.Count} batch jobs acknowledged, all {Count} tasks of each finished within {started.Elapsed.TotalSeconds:0.0} s of healing; {jobs.Count(j => j.Value == Outcome.Unknown)} unknown submissions ({unknownLanded} landed)", violations);
            }

            await Task.Delay(200, token).ConfigureAwait(false);
        }
    }

    private static string Describe(JobInfo? job) => job is null
        ? "does not exist"
        : $"has tasks {string.Join(", ", job.Tasks.Select(t => $"{t.Key} {t.Value}"))}";
}
