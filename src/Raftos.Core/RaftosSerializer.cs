using MessagePack;
using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core;

/// <summary>
/// The one MessagePack configuration for everything Raftos writes to the log, to disk and
/// between masters. Input from the network is decoded with untrusted-data limits.
/// </summary>
public static class RaftosSerializer
{
    /// <summary>Options for data Raftos wrote itself (log entries, snapshots).</summary>
    public static readonly MessagePackSerializerOptions Trusted = MessagePackSerializerOptions.Standard;

    /// <summary>Options for data that arrived over the network.</summary>
    public static readonly MessagePackSerializerOptions Untrusted =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Encodes a log entry payload.</summary>
    public static byte[] Encode(CommandBatch batch) => MessagePackSerializer.Serialize(batch, Trusted);

    /// <summary>Decodes a log entry payload.</summary>
    public static CommandBatch DecodeBatch(System.Buffers.ReadOnlySequence<byte> payload)
        => MessagePackSerializer.Deserialize<CommandBatch>(payload, Trusted);

    /// <summary>Encodes a snapshot.</summary>
    public static byte[] Encode(ClusterSnapshot snapshot) => MessagePackSerializer.Serialize(snapshot, Trusted);

    /// <summary>Decodes a snapshot.</summary>
    public static ClusterSnapshot DecodeSnapshot(ReadOnlyMemory<byte> bytes)
        => MessagePackSerializer.Deserialize<ClusterSnapshot>(bytes, Trusted);
}
