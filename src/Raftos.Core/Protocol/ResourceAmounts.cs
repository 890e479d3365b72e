namespace Raftos.Core.Protocol;

/// <summary>CPU millicores and memory MB, as JSON.</summary>
public sealed record ResourceAmounts(long CpuMillis, long MemoryMb)
{
    /// <summary>From the state's resources.</summary>
    public static ResourceAmounts From(State.Resources resources) => new(resources.CpuMillis, resources.MemoryMb);

    /// <summary>To the state's resources.</summary>
    public State.Resources ToResources() => new(CpuMillis, MemoryMb);
}
