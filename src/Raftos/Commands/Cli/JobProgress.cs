using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary>
/// How far a job has come, judged from its current version's tasks: the verdict, their counts
/// by state, and what went wrong when something did.
/// </summary>
/// <param name="Outcome">The verdict.</param>
/// <param name="Summary">Counts by state of the current version's tasks, e.g. <c>running 2, pending 1</c>.</param>
/// <param name="Problem">For <see cref="JobOutcome.Unplaceable"/> and <see cref="JobOutcome.Failed"/>: what is wrong.</param>
public sealed record JobProgress(JobOutcome Outcome, string Summary, string? Problem = null)
{
    // Reasons a pending task gives while things go as they should: it was just created, it
    // restarts after a delay, or room is being made for it. Any other reason (no agent can
    // take it, a role at its quota) is a placement problem.
    private static readonly string[] ProgressReasons = ["waiting for placement", "restart ", "preempting "];

    /// <summary>The progress of <paramref name="job"/>, read with its task list.</summary>
    public static JobProgress Of(JobInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var current = (job.TaskList ?? []).Where(t => t.JobVersion == job.Version).ToList();
        var summary = CliText.Counts(current.GroupBy(t => t.State, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        if (job.Status is "stopped" or "dead")
            return new(JobOutcome.Failed, summary, $"job {job.Id} was stopped");
        if (current.FirstOrDefault(t => t.State == "failed") is { } failed)
            return new(JobOutcome.Failed, summary, $"task {failed.Id} failed{(failed.ExitCode is { } code ? $" with exit code {code}" : string.Empty)}: {CliText.OrDash(failed.Reason)}");
        if (job.Status == "failed")
            return new(JobOutcome.Failed, summary, $"job {job.Id} failed");
        if (job.Placement.Reasons.FirstOrDefault(r => !IsProgress(r.Reason)) is { } stuck)
            return new(JobOutcome.Unplaceable, summary, $"{stuck.Reason} ({stuck.Tasks} task{(stuck.Tasks == 1 ? string.Empty : "s")})");
        return new(AllUp(job, current) ? JobOutcome.Running : JobOutcome.Waiting, summary);
    }

    private static bool IsProgress(string reason)
        => reason.Length == 0 || ProgressReasons.Any(p => reason.StartsWith(p, StringComparison.Ordinal));

    private static bool AllUp(JobInfo job, List<TaskInfo> current)
    {
        if (job.Status == "complete")
            return true;
        if (job.Placement.Pending > 0)
            return false;
        var batch = job.Spec.Type == JobType.Batch;
        var up = current.Count(t => t.State == "running" || (batch && t.State == "finished"));
        if (job.Spec.Type == JobType.System)
            return up > 0 && current.Where(t => t.Desired == "run").All(t => t.State == "running");
        return up >= (job.Spec.Count ?? 1);
    }
}
