using System.Net;
using System.Net.Sockets;

namespace Raftos.Dev;

/// <summary>Runs of free ports on 127.0.0.1, for local clusters started side by side (tests, the chaos suite).</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// The first port of <paramref name="width"/> consecutive ports, all free a moment ago,
    /// drawn at random from <paramref name="lowest"/> up to <paramref name="highest"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such run was found in 100 draws.</exception>
    public static int FreeRun(int width, int lowest, int highest)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var start = Random.Shared.Next(lowest, highest - width);
            if (Enumerable.Range(start, width).All(IsFree))
                return start;
        }

        throw new InvalidOperationException($"no {width} free consecutive ports found on 127.0.0.1 between {lowest} and {highest}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
