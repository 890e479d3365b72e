using System.Text.Json.Serialization;

namespace Raftos.Agent.Tasks;

/// <summary>Source-generated JSON for task.json.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LaunchRecord))]
internal sealed partial class TaskJsonContext : JsonSerializerContext;
