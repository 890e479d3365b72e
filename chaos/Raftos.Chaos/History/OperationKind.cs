namespace Raftos.Chaos.History;

/// <summary>What a register operation does to its key.</summary>
public enum OperationKind
{
    /// <summary>Reads the value (absent is a value too).</summary>
    Read,

    /// <summary>Sets the value.</summary>
    Write,

    /// <summary>Sets <see cref="Operation.Value"/> if the value is <see cref="Operation.Expected"/>.</summary>
    Cas,
}
