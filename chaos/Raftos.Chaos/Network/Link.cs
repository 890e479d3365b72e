namespace Raftos.Chaos.Network;

/// <summary>One directed link of a <see cref="LinkTable"/> and the proxy that carries it.</summary>
/// <param name="From">The node that dials (<see cref="LinkTable.Clients"/> for the workload's clients).</param>
/// <param name="To">The node dialled.</param>
/// <param name="ListenPort">The port the proxy listens on, on 127.0.0.1 in <paramref name="From"/>'s namespace.</param>
/// <param name="TargetPort">The port it forwards to, on 127.0.0.1 in <paramref name="To"/>'s namespace.</param>
/// <param name="Proxy">The proxy, for faults beyond cutting (delay, loss, resets) and its counters.</param>
public sealed record Link(string From, string To, int ListenPort, int TargetPort, FaultProxy Proxy)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Proxy.Name}: {Proxy.Settings}";
}
