using System.Net;
using System.Net.Sockets;

namespace Raftos.EndToEnd.Tests;

/// <summary>Ports on 127.0.0.1 for tests that need an address nothing listens on.</summary>
internal static class LocalPorts
{
    /// <summary>A port free a moment ago: connecting to it is refused.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
