using MessagePack;
using Raftos.Core.State;

namespace Raftos.Core.Jobs;

/// <summary>What each task of a job runs and what it needs.</summary>
[MessagePackObject]
public sealed record TaskSpec
{
    /// <summary>Executable: a path, or a name looked up on the agent's PATH.</summary>
    [Key(0)] public string Command { get; init; } = string.Empty;

    /// <summary>Arguments, passed verbatim (no shell).</summary>
    [Key(1)] public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra environment variables.</summary>
    [Key(2)] public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>CPU and memory reserved for each task; memory is also the limit the agent enforces.</summary>
    [Key(3)] public Resources Resources { get; init; } = new(100, 64);

    /// <summary>
    /// Named ports the task needs. Each gets a free port of its agent's dynamic range, handed
    /// to the process as <c>RAFTOS_PORT_{NAME}</c> (upper case, '-' as '_').
    /// </summary>
    [Key(4)] public IReadOnlyList<string> Ports { get; init; } = [];
}
