using System.Globalization;
using System.Text;

namespace Raftos.Bench;

/// <summary>The markdown table of a fleet run: each phase's wall time and rate, the verdict on the target, and the heartbeat record.</summary>
internal sealed class FleetReport(FleetSettings settings, FleetTimings timings, FleetProgress progress, TimeSpan target)
{
    public bool TargetMet => timings.SubmissionToRunning <= target;

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("| phase | wall time (s) | since submission (s) | rate |");
        text.AppendLine("|---|--:|--:|--:|");
        Line(text, $"| register {settings.Agents:N0} agents | {Seconds(timings.Register)} | | {Rate(settings.Agents, timings.Register)} agents/s |");
        Line(text, $"| submit {settings.Jobs:N0} jobs of {settings.Tasks:N0} tasks | {Seconds(timings.Submit)} | {Seconds(timings.Submit)} | {Rate(settings.Tasks, timings.Submit)} tasks/s |");
        Line(text, $"| placement done (every task at its agent) | {Seconds(AfterSubmission(timings.SubmissionToPlaced))} | {Seconds(timings.SubmissionToPlaced)} | {Rate(settings.Tasks, timings.SubmissionToPlaced)} placements/s |");
        Line(text, $"| all running (confirmed by the master) | {Seconds(timings.SubmissionToRunning - timings.SubmissionToPlaced)} | **{Seconds(timings.SubmissionToRunning)}** | {Rate(settings.Tasks, timings.SubmissionToRunning)} running/s |");
        if (timings.Stop is { } stop)
            Line(text, $"| stop the jobs (every task killed) | {Seconds(stop)} | | {Rate(settings.Tasks, stop)} tasks/s |");
        text.AppendLine();
        Line(text, $"Submission to all running: **{Seconds(timings.SubmissionToRunning)} s** (target <= {target.TotalSeconds:0} s: {(TargetMet ? "met" : "missed")}).");
        Line(text, $"Heartbeats: {progress.HeartbeatsAnswered:N0} answered, {progress.HeartbeatsFailed:N0} failed, slowest answer {Seconds(progress.SlowestHeartbeat)} s, longest silence of one agent {Seconds(progress.LongestSilence)} s (lost after 5 s); registrations repeated: {progress.RegistrationsRepeated:N0}.");
        return text.ToString();
    }

    // The last placements can reach their agents before the last submission is answered.
    private TimeSpan AfterSubmission(TimeSpan sinceSubmission)
        => sinceSubmission > timings.Submit ? sinceSubmission - timings.Submit : TimeSpan.Zero;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(long count, TimeSpan time)
        => time > TimeSpan.Zero ? (count / time.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
