using Raftos.Core.Commands;

namespace Raftos.Core.State;

/// <summary>
/// Everything the masters replicate. Changed only by <see cref="Apply(CommandBatch, long)"/>,
/// which is deterministic and total: the same log gives the same state, and an invalid
/// command gives the same rejection, on every replica. Not thread-safe; the host serialises
/// access.
/// </summary>
/// <remarks>
/// Each aggregate (key-value store, masters, and later agents, jobs and tasks) is its own
/// type; this class routes commands to them and owns the cross-cutting parts: the applied
/// index and request de-duplication.
/// </remarks>
public sealed class ClusterState
{
    private readonly RequestLog requests;

    /// <summary>An empty state.</summary>
    public ClusterState(int rememberedRequestsMax = Limits.RememberedRequestsMax)
        => requests = new RequestLog(rememberedRequestsMax);

    /// <summary>Log index of the last applied entry.</summary>
    public long AppliedIndex { get; private set; }

    /// <summary>The application key-value store.</summary>
    public KeyValueStore KeyValues { get; } = new();

    /// <summary>Master records.</summary>
    public MasterRegistry Masters { get; } = new();

    /// <summary>Agents, jobs and tasks.</summary>
    public Fleet Fleet { get; } = new();

    /// <summary>
    /// Cluster time (Unix ms): the largest leader timestamp of any applied entry. It never
    /// goes backwards, even when a new leader's clock is behind the old one's.
    /// </summary>
    public long Now { get; private set; }

    /// <summary>Remembered request ids.</summary>
    public RequestLog Requests => requests;

    /// <summary>Applies every command of the entry at <paramref name="index"/>, in order.</summary>
    public IReadOnlyList<CommandResult> Apply(CommandBatch batch, long index)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Advance(index);
        Now = Math.Max(Now, batch.At);
        var results = new CommandResult[batch.Commands.Count];
        for (var i = 0; i < results.Length; i++)
            results[i] = ApplyOne(batch.Commands[i], index);
        return results;
    }

    /// <summary>Records that the entry at <paramref name="index"/> carried no commands (a no-op or a configuration entry).</summary>
    public void Advance(long index)
    {
        Invariant.Holds(index > AppliedIndex, "log entries are applied in increasing index order");
        AppliedIndex = index;
        KeyValues.ForgetEntryChanges();
        Fleet.Jobs.ForgetEntryChanges();
        Fleet.Tasks.ForgetEntryChanges();
    }

    private CommandResult ApplyOne(Command? command, long index)
    {
        if (command is null)
            return CommandResult.Rejected(index, Rejection.Invalid("command", "a command is required"));

        // A request id that cannot be remembered cannot be de-duplicated: reject it outright.
        if (command.ValidateRequestId() is { } badRequestId)
            return CommandResult.Rejected(index, badRequestId);

        if (requests.Find(command.RequestId) is { } earlier)
            return earlier with { IsDuplicate = true };

        var result = command.Validate() is { } rejection
            ? CommandResult.Rejected(index, rejection)
            : Dispatch(command, index);
        requests.Remember(command.RequestId, result);
        return result;
    }

    private CommandResult Dispatch(Command command, long index) => command switch
    {
        PutKey put => KeyValues.Put(put, index),
        DeleteKey delete => KeyValues.Delete(delete, index),
        RegisterMaster register => Masters.Register(register, index),
        RemoveMaster remove => Masters.Remove(remove, index),
        RegisterAgent register => Fleet.Register(register, index, Now),
        MarkAgentLost lost => Fleet.MarkLost(lost, index, Now),
        SetAgentDrain drain => Fleet.SetDrain(drain, index, Now),
        SubmitJob submit => Fleet.Submit(submit, index, Now),
        StopJob stop => Fleet.Stop(stop, index, Now),
        PlaceTasks place => Fleet.Place(place, index, Now),
        ReportTaskStates report => Fleet.Report(report, index, Now),
        SetRole role => Fleet.SetRole(role, index),
        RemoveRole role => Fleet.RemoveRole(role, index),
        _ => throw new InvariantViolationException($"command {command.GetType().Name} has no handler"),
    };

    /// <summary>The state as a snapshot, collections in canonical order.</summary>
    public ClusterSnapshot ToSnapshot() => new()
    {
        AppliedIndex = AppliedIndex,
        KeyValueRevision = KeyValues.Revision,
        KeyValues = [.. KeyValues.Entries],
        Masters = [.. Masters.All],
        Requests = [.. requests.InOrder],
        Now = Now,
        Agents = [.. Fleet.Agents.All],
        Jobs = [.. Fleet.Jobs.All],
        Tasks = [.. Fleet.Tasks.All],
        NextTaskSequence = Fleet.Tasks.NextSequence,
        Roles = [.. Fleet.Roles.All],
    };

    /// <summary>Rebuilds a state from a snapshot.</summary>
    public static ClusterState FromSnapshot(ClusterSnapshot snapshot, int rememberedRequestsMax = Limits.RememberedRequestsMax)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Format > ClusterSnapshot.CurrentFormat)
            throw new NotSupportedException($"snapshot format {snapshot.Format} is newer than this build ({ClusterSnapshot.CurrentFormat})");

        var state = new ClusterState(rememberedRequestsMax) { AppliedIndex = snapshot.AppliedIndex, Now = snapshot.Now };
        state.KeyValues.Restore(snapshot.KeyValueRevision, snapshot.KeyValues);
        state.Masters.Restore(snapshot.Masters);
        state.requests.Restore(snapshot.Requests);
        state.Fleet.Restore(snapshot);
        return state;
    }
}
