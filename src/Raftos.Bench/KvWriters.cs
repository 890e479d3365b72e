namespace Raftos.Bench;

/// <summary>Picks the put dialect for a target.</summary>
internal static class KvWriters
{
    public static IKvWriter For(BenchTarget target, HttpClient http) => target switch
    {
        BenchTarget.Raftos => new RaftosKvWriter(http),
        BenchTarget.Etcd => new EtcdKvWriter(http),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown target."),
    };
}
