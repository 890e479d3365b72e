namespace Raftos.Client;

/// <summary>What to read of a task's output.</summary>
public sealed record TaskLogOptions
{
    /// <summary>Standard output (the default) or standard error.</summary>
    public TaskOutput Output { get; init; } = TaskOutput.Stdout;

    /// <summary>Byte offset to start at; ignored when <see cref="Tail"/> is set.</summary>
    public long Offset { get; init; }

    /// <summary>Only the last this many lines; null for everything from <see cref="Offset"/>.</summary>
    public int? Tail { get; init; }

    /// <summary>Keep copying what the task writes until it ends (or the token is cancelled).</summary>
    public bool Follow { get; init; }
}
