using System.Text.Json;
using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>
/// The JSON shapes of the API (camelCase, enums as lower-case strings), generated at build
/// time; use it to read or write the client's records yourself, e.g.
/// <c>JsonSerializer.Serialize(job, RaftosJsonContext.Default.JobInfo)</c>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClusterInfo))]
[JsonSerializable(typeof(MasterInfo))]
[JsonSerializable(typeof(MasterRemoveResult))]
[JsonSerializable(typeof(AgentInfo))]
[JsonSerializable(typeof(IReadOnlyList<AgentInfo>))]
[JsonSerializable(typeof(AgentDrainResult))]
[JsonSerializable(typeof(JobSpec))]
[JsonSerializable(typeof(JobInfo))]
[JsonSerializable(typeof(IReadOnlyList<JobInfo>))]
[JsonSerializable(typeof(JobStopResult))]
[JsonSerializable(typeof(IReadOnlyList<TaskInfo>))]
[JsonSerializable(typeof(RoleInfo))]
[JsonSerializable(typeof(IReadOnlyList<RoleInfo>))]
[JsonSerializable(typeof(RoleRemoveResult))]
[JsonSerializable(typeof(KeyValue))]
[JsonSerializable(typeof(IReadOnlyList<KeyValue>))]
[JsonSerializable(typeof(KeyWriteResult))]
[JsonSerializable(typeof(SnapshotSaveResult))]
public sealed partial class RaftosJsonContext : JsonSerializerContext;
