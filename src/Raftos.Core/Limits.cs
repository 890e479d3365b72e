namespace Raftos.Core;

/// <summary>
/// Hard limits of the replicated state. Every replica checks them identically, so a
/// command over a limit is rejected the same way everywhere.
/// </summary>
public static class Limits
{
    /// <summary>Longest key, in UTF-8 bytes.</summary>
    public const int KeyBytesMax = 512;

    /// <summary>Largest value, in bytes. The HTTP body limit (default 1 MiB) sits above this.</summary>
    public const int ValueBytesMax = 1024 * 1024;

    /// <summary>Longest client request id, in characters.</summary>
    public const int RequestIdLengthMax = 64;

    /// <summary>Longest master id, in characters.</summary>
    public const int MasterIdLengthMax = 63;

    /// <summary>Most masters the cluster may hold (Raft quorums beyond 7 buy nothing).</summary>
    public const int MastersMax = 7;

    /// <summary>Most commands in one log entry.</summary>
    public const int BatchCommandsMax = 4096;

    /// <summary>How many recent request ids are remembered for de-duplication.</summary>
    public const int RememberedRequestsMax = 100_000;
}
