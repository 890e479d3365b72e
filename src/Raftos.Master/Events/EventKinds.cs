namespace Raftos.Master.Events;

/// <summary>The kinds (SSE event names, and topics to filter on) of <see cref="ClusterEvent"/>s.</summary>
public static class EventKinds
{
    /// <summary>An agent registered, was lost, drained or undrained.</summary>
    public const string Agent = "agent";

    /// <summary>A job was submitted, updated or stopped.</summary>
    public const string Job = "job";

    /// <summary>A task changed state.</summary>
    public const string Task = "task";

    /// <summary>A key was put or deleted.</summary>
    public const string KeyValue = "kv";

    /// <summary>A master was added to or removed from the membership records.</summary>
    public const string Master = "master";

    /// <summary>The stream could not resume where asked: re-list, then follow from its id.</summary>
    public const string Reset = "reset";

    /// <summary>Every kind a client may filter on.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Agent, Job, Task, KeyValue, Master };
}
