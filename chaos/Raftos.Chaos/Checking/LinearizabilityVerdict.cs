namespace Raftos.Chaos.Checking;

/// <summary>What the linearizability checker concluded about a history, or about one key of it.</summary>
public enum LinearizabilityVerdict
{
    /// <summary>Some total order of the operations respects real time and the register's semantics.</summary>
    Linearizable,

    /// <summary>No such order exists: the register misbehaved.</summary>
    NotLinearizable,

    /// <summary>The search ran out of time before it could decide; this is neither a pass nor a failure.</summary>
    Unknown,
}
