using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>
/// A client of the Raftos HTTP API, grouped by resource: <see cref="Cluster"/>,
/// <see cref="Agents"/>, <see cref="Jobs"/>, <see cref="Tasks"/>, <see cref="Roles"/>,
/// <see cref="KeyValues"/> and <see cref="Snapshots"/>. Give it several masters: a master that cannot be reached is left
/// for the next, a master that names the leader (421) is followed, and calls that are safe to
/// repeat are retried on 503 with capped exponential backoff and jitter. Every attempt of a
/// write carries the same <see cref="RequestIdHeader"/>, so the cluster applies it once.
/// Failures are <see cref="RaftosApiException"/>s. Thread-safe; keep one for the application's
/// lifetime.
/// </summary>
/// <remarks>A partial class: watches of state changes will be another part over the same connection.</remarks>
public sealed partial class RaftosClient : IDisposable
{
    /// <summary>The header carrying a write's request id.</summary>
    public const string RequestIdHeader = MasterConnection.RequestIdHeader;

    private readonly MasterConnection connection;
    private readonly RaftosClientOptions options;

    /// <summary>A client of the masters at <paramref name="masters"/>, e.g. <c>http://10.0.0.1:8101</c>, with default settings.</summary>
    public RaftosClient(params string[] masters)
        : this(RaftosClientOptions.For(masters))
    {
    }

    /// <summary>A client with <paramref name="options"/>; <paramref name="handler"/> replaces the HTTP handler (the caller keeps owning it).</summary>
    public RaftosClient(RaftosClientOptions options, HttpMessageHandler? handler = null)
    {
        connection = new MasterConnection(options, handler);
        this.options = options;
        Cluster = new ClusterClient(connection);
        Agents = new AgentsClient(connection);
        Jobs = new JobsClient(connection);
        Tasks = new TasksClient(connection);
        Roles = new RolesClient(connection);
        KeyValues = new KeyValueClient(connection);
        Snapshots = new SnapshotsClient(connection);
    }

    /// <summary>The masters and their membership.</summary>
    public ClusterClient Cluster { get; }

    /// <summary>The agents: list, inspect, drain.</summary>
    public AgentsClient Agents { get; }

    /// <summary>The jobs: submit, list, inspect, stop.</summary>
    public JobsClient Jobs { get; }

    /// <summary>The tasks, filtered by job, agent or state.</summary>
    public TasksClient Tasks { get; }

    /// <summary>The roles: weights and quotas of the teams sharing the cluster.</summary>
    public RolesClient Roles { get; }

    /// <summary>The key-value store.</summary>
    public KeyValueClient KeyValues { get; }

    /// <summary>Snapshots of the cluster state, for backups.</summary>
    public SnapshotsClient Snapshots { get; }

    /// <summary>The master calls go to now: the last that answered, or the leader one named.</summary>
    public Uri CurrentMaster => connection.Current;

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();
}
