using MessagePack;

namespace Raftos.Core.State;

/// <summary>One key of the key-value store with its revisions (etcd's model).</summary>
[MessagePackObject]
public sealed record KeyValueEntry
{
    /// <summary>The key.</summary>
    [Key(0)] public required string Key { get; init; }

    /// <summary>The raw value.</summary>
    [Key(1)] public required byte[] Value { get; init; }

    /// <summary>Store revision at which the key was created.</summary>
    [Key(2)] public long CreateRevision { get; init; }

    /// <summary>Store revision of the last change; the compare-and-set token.</summary>
    [Key(3)] public long ModRevision { get; init; }

    /// <summary>Number of puts since creation.</summary>
    [Key(4)] public long Version { get; init; }
}
