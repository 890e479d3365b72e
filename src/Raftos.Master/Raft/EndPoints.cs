using System.Net;

namespace Raftos.Master.Raft;

/// <summary>Parsing of Raft endpoints: an IP address and a port, written host:port.</summary>
public static class EndPoints
{
    /// <summary>Parses <paramref name="text"/> or throws <see cref="ArgumentException"/> naming <paramref name="setting"/>.</summary>
    public static IPEndPoint Parse(string text, string setting)
        => IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
            ? endpoint
            : throw new ArgumentException($"{setting}: '{text}' is not an IP address and port (e.g. 127.0.0.1:7101)");

    /// <summary>The canonical text form used in records and messages.</summary>
    public static string Format(EndPoint endpoint) => endpoint.ToString() ?? string.Empty;
}
