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

    /// <summary>Longest agent or job id, in characters.</summary>
    public const int IdLengthMax = 63;

    /// <summary>Most agents the cluster may hold.</summary>
    public const int AgentsMax = 100_000;

    /// <summary>Most jobs the cluster may hold (running and stopped).</summary>
    public const int JobsMax = 100_000;

    /// <summary>Most tasks one service or batch job may ask for.</summary>
    public const int JobCountMax = 100_000;

    /// <summary>Most attributes of an agent, and most constraints of a job.</summary>
    public const int AttributesMax = 64;

    /// <summary>Longest attribute name or value, task command, argument or environment value, in characters.</summary>
    public const int TextLengthMax = 4096;

    /// <summary>Most arguments, and most environment variables, of a task.</summary>
    public const int ArgumentsMax = 256;

    /// <summary>Most state changes kept in one task's history (the oldest are dropped).</summary>
    public const int TaskHistoryMax = 32;

    /// <summary>Most placements or status updates in one command.</summary>
    public const int UpdatesPerCommandMax = 10_000;

    /// <summary>Most named ports of one task.</summary>
    public const int TaskPortsMax = 16;

    /// <summary>Largest resource amount in one dimension (millicores or MB): 1,000 cores, 1 PB of memory.</summary>
    public const int ResourceAmountMax = 1_000_000_000;
}
