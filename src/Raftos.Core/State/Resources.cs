using MessagePack;

namespace Raftos.Core.State;

/// <summary>An amount of CPU (millicores), memory (MB) and disk (MB): what an agent offers or a task needs.</summary>
[MessagePackObject]
public readonly record struct Resources(
    [property: Key(0)] long CpuMillis,
    [property: Key(1)] long MemoryMb,
    [property: Key(2)] long DiskMb = 0)
{
    /// <summary>Nothing.</summary>
    public static Resources Zero => default;

    /// <summary>Component-wise sum.</summary>
    public static Resources operator +(Resources a, Resources b) => new(a.CpuMillis + b.CpuMillis, a.MemoryMb + b.MemoryMb, a.DiskMb + b.DiskMb);

    /// <summary>Component-wise difference.</summary>
    public static Resources operator -(Resources a, Resources b) => new(a.CpuMillis - b.CpuMillis, a.MemoryMb - b.MemoryMb, a.DiskMb - b.DiskMb);

    /// <summary>Component-wise sum.</summary>
    public static Resources Add(Resources a, Resources b) => a + b;

    /// <summary>Component-wise difference.</summary>
    public static Resources Subtract(Resources a, Resources b) => a - b;

    /// <summary>Whether this amount fits within <paramref name="available"/> in every dimension.</summary>
    public bool FitsIn(Resources available)
        => CpuMillis <= available.CpuMillis && MemoryMb <= available.MemoryMb && DiskMb <= available.DiskMb;

    /// <summary>Whether any component is negative.</summary>
    [IgnoreMember]
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsNegative => CpuMillis < 0 || MemoryMb < 0 || DiskMb < 0;
}
