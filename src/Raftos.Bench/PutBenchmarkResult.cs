namespace Raftos.Bench;

/// <summary>The --json document of a put benchmark: its settings and one entry per client count.</summary>
internal sealed record PutBenchmarkResult(
    string Target,
    IReadOnlyList<string> Endpoints,
    double DurationSeconds,
    double WarmupSeconds,
    int ValueSize,
    IReadOnlyList<PutRunResult> Runs);
