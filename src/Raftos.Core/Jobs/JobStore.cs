namespace Raftos.Core.Jobs;

/// <summary>Jobs by id. Changed only through <see cref="State.Fleet"/>.</summary>
public sealed class JobStore
{
    private readonly SortedDictionary<string, JobRecord> jobs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, JobRecord> entryChanges = new(StringComparer.Ordinal);

    /// <summary>All jobs in id order.</summary>
    public IReadOnlyCollection<JobRecord> All => jobs.Values;

    /// <summary>
    /// Each job written by the last applied entry, in id order. Not replicated state: the
    /// master derives its event stream from it after each entry.
    /// </summary>
    public IReadOnlyCollection<JobRecord> EntryChanges => entryChanges.Values;

    /// <summary>Number of jobs, stopped ones included.</summary>
    public int Count => jobs.Count;

    /// <summary>The job, if known.</summary>
    public JobRecord? Get(string id) => jobs.GetValueOrDefault(id);

    internal void Put(JobRecord job)
    {
        jobs[job.Id] = job;
        entryChanges[job.Id] = job;
    }

    internal void ForgetEntryChanges() => entryChanges.Clear();

    internal void Restore(IEnumerable<JobRecord> restored)
    {
        foreach (var job in restored)
            Invariant.Holds(jobs.TryAdd(job.Id, job), "a snapshot holds a job twice");
    }
}
