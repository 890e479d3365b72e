using Raftos.Chaos.History;

namespace Raftos.Chaos.Checking;

/// <summary>The checker's verdict on the operations of one key, which it checks independently of every other key.</summary>
public sealed record KeyLinearizability
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>Whether the key's operations are linearizable.</summary>
    public required LinearizabilityVerdict Verdict { get; init; }

    /// <summary>How many of the key's operations took part in the search (failed operations and unanswered reads do not).</summary>
    public required int OperationCount { get; init; }

    /// <summary>
    /// How many distinct (linearized set, register value) configurations the search visited; a measure of its effort.
    /// </summary>
    public required int ConfigurationsVisited { get; init; }

    /// <summary>
    /// For <see cref="LinearizabilityVerdict.NotLinearizable"/>: the longest order of operations the search managed to
    /// linearize, first operation first. Empty otherwise.
    /// </summary>
    public IReadOnlyList<Operation> LongestLinearizablePrefix { get; init; } = [];

    /// <summary>
    /// For <see cref="LinearizabilityVerdict.NotLinearizable"/>: the operations that could not come next after
    /// <see cref="LongestLinearizablePrefix"/>. Empty otherwise.
    /// </summary>
    public IReadOnlyList<Operation> Unlinearizable { get; init; } = [];

    /// <summary>A one-line account of the verdict, fit for a report.</summary>
    public required string Explanation { get; init; }
}
