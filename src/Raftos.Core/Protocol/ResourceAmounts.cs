namespace Raftos.Core.Protocol;

/// <summary>CPU in millicores, memory and disk in MB, as carried in protocol messages.</summary>
public sealed record ResourceAmounts(long CpuMillis, long MemoryMb, long DiskMb = 0)
{
    /// <summary>From the state's resources.</summary>
    public static ResourceAmounts From(State.Resources resources) => new(resources.CpuMillis, resources.MemoryMb, resources.DiskMb);

    /// <summary>To the state's resources.</summary>
    public State.Resources ToResources() => new(CpuMillis, MemoryMb, DiskMb);
}
