namespace Raftos.Bench;

/// <summary>The system under test; each speaks its own HTTP dialect for puts and leader discovery.</summary>
internal enum BenchTarget
{
    Raftos,
    Etcd,
}
