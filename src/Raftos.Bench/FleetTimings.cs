namespace Raftos.Bench;

/// <summary>
/// Wall times of one fleet run's phases. Placement and running count from the start of the
/// job submission, the figure the target is about.
/// </summary>
internal sealed record FleetTimings(
    TimeSpan Register,
    TimeSpan Submit,
    TimeSpan SubmissionToPlaced,
    TimeSpan SubmissionToRunning,
    TimeSpan? Stop);
