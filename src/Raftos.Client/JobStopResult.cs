namespace Raftos.Client;

/// <summary>Answer to stopping a job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Stopped">Always true: its tasks are being stopped.</param>
/// <param name="Index">Log index of the change.</param>
public sealed record JobStopResult(string JobId, bool Stopped, long Index);
