using System.Text.Json.Serialization;

namespace Raftos.Bench;

/// <summary>Source-generated JSON for the result files, so the report reads exactly what put and failover wrote.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PutBenchmarkResult))]
[JsonSerializable(typeof(FailoverTrialResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
