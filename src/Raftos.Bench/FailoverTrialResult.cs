namespace Raftos.Bench;

/// <summary>The --json document of one failover trial.</summary>
internal sealed record FailoverTrialResult(
    string Target,
    bool Completed,
    double? FailoverMs,
    string? KilledMember,
    string? KilledEndpoint,
    int? KilledPid,
    string? NewLeader,
    long SuccessesBeforeKill,
    long AttemptsUntilRecovery,
    long ErrorsUntilRecovery,
    string? FirstErrorAfterKill,
    string? Failure);
