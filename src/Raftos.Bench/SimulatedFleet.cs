using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Raftos.Agent.Masters;
using Raftos.Core.Protocol;

namespace Raftos.Bench;

/// <summary>
/// Every simulated agent of a run, in this one process, sharing one connection pool and one
/// <see cref="MasterClient"/> (so they all learn the leader from the first 421). Agent i is
/// <c>sim-i</c> with attributes rack=r{i%20}, zone=z{i%3}.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    // Registrations in flight at once: a burst of thousands of new connections would overflow
    // the masters' accept backlog, and real agents do not all start in the same millisecond.
    private const int RegistrationsInFlightMax = 256;

    // Connections per master beyond one long poll per agent.
    private const int SpareConnections = 1024;

    private readonly FleetProgress progress;
    private readonly HttpClient http;
    private readonly List<SimulatedAgent> agents;
    private readonly SemaphoreSlim registrationSlots = new(RegistrationsInFlightMax, RegistrationsInFlightMax);
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public SimulatedFleet(FleetSettings settings, IReadOnlyList<string> masterUrls, FleetProgress progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.progress = progress;

        // A long poll holds a connection per agent; heartbeats and reports share a few more.
        // Bounded, so that a stalled master makes requests queue here rather than open
        // sockets until this process runs out of file descriptors.
        http = BenchHttpClientFactory.Create(settings.Agents + SpareConnections, Timeout.InfiniteTimeSpan);
        var masters = new MasterClient([.. masterUrls.Select(u => new Uri(u))], http, NullLogger<MasterClient>.Instance);
        var width = settings.Agents.ToString(CultureInfo.InvariantCulture).Length;
        agents = [.. Enumerable.Range(1, settings.Agents).Select(i => new SimulatedAgent(Registration(i, width, settings), masters, progress))];
    }

    /// <summary>Starts every agent: each registers, then heartbeats, polls and reports until disposed.</summary>
    public void Start()
        => running = Task.WhenAll(agents.Select(a => Task.Run(() => RunAsync(a))));

    private async Task RunAsync(SimulatedAgent agent)
    {
        try
        {
            await agent.RunAsync(registrationSlots, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            progress.Failed(new InvalidOperationException($"simulated agent {agent.Id} failed: {e.Message}", e));
        }
    }

    private static AgentRegistration Registration(int ordinal, int width, FleetSettings settings)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rack"] = string.Create(CultureInfo.InvariantCulture, $"r{ordinal % 20}"),
            ["zone"] = string.Create(CultureInfo.InvariantCulture, $"z{ordinal % 3}"),
        };
        return new AgentRegistration(
            "sim-" + ordinal.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'),
            string.Empty,
            new ResourceAmounts(settings.AgentCpuMillis, settings.AgentMemoryMb),
            attributes);
    }

    /// <summary>Stops every agent: from now on they are silent, as if their servers went away.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await running;
        foreach (var agent in agents)
            agent.Dispose();
        stopping.Dispose();
        registrationSlots.Dispose();
        http.Dispose();
    }
}
