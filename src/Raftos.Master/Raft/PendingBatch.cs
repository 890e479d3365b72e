using Raftos.Core.Commands;

namespace Raftos.Master.Raft;

/// <summary>
/// Travels with a log entry appended on this node (as DotNext's entry context) so the state
/// machine can hand the per-command results back to the waiting writers.
/// </summary>
internal sealed class PendingBatch(int size)
{
    private readonly TaskCompletionSource<IReadOnlyList<CommandResult>> completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Size { get; } = size;

    public Task<IReadOnlyList<CommandResult>> Results => completion.Task;

    public void Complete(IReadOnlyList<CommandResult> results) => completion.TrySetResult(results);
}
