using Raftos.Core.Commands;

namespace Raftos.Core.State;

/// <summary>Master records by id. Raft's own configuration says who votes; this says who they are.</summary>
public sealed class MasterRegistry
{
    private readonly SortedDictionary<string, MasterRecord> masters = new(StringComparer.Ordinal);

    /// <summary>All records in id order.</summary>
    public IReadOnlyCollection<MasterRecord> All => masters.Values;

    /// <summary>The record for <paramref name="id"/>, if any.</summary>
    public MasterRecord? Get(string id) => masters.GetValueOrDefault(id);

    /// <summary>The record whose Raft endpoint is <paramref name="raftEndpoint"/>, if any.</summary>
    public MasterRecord? FindByRaftEndpoint(string raftEndpoint)
        => masters.Values.FirstOrDefault(m => string.Equals(m.RaftEndpoint, raftEndpoint, StringComparison.OrdinalIgnoreCase));

    internal CommandResult Register(RegisterMaster command, long index)
    {
        var sameEndpoint = FindByRaftEndpoint(command.RaftEndpoint);
        if (sameEndpoint is not null && sameEndpoint.Id != command.MasterId)
        {
            return CommandResult.Rejected(index, Rejection.Conflict(
                $"Raft address {command.RaftEndpoint} already belongs to master '{sameEndpoint.Id}'"));
        }

        var current = masters.GetValueOrDefault(command.MasterId);
        if (current is null && masters.Count >= Limits.MastersMax)
            return CommandResult.Rejected(index, Rejection.Conflict($"the cluster holds at most {Limits.MastersMax} masters"));
        if (current is not null && current.RaftEndpoint == command.RaftEndpoint && current.HttpUrl == command.HttpUrl)
            return CommandResult.Ok(index);

        masters[command.MasterId] = new MasterRecord
        {
            Id = command.MasterId,
            RaftEndpoint = command.RaftEndpoint,
            HttpUrl = command.HttpUrl,
            UpdatedIndex = index,
        };
        return CommandResult.Ok(index);
    }

    internal CommandResult Remove(RemoveMaster command, long index)
        => masters.Remove(command.MasterId)
            ? CommandResult.Ok(index)
            : CommandResult.Rejected(index, Rejection.NotFound($"master '{command.MasterId}' does not exist"));

    internal void Restore(IEnumerable<MasterRecord> restored)
    {
        foreach (var record in restored)
            Invariant.Holds(masters.TryAdd(record.Id, record), "a snapshot holds a master twice");
    }
}
