using System.Net;

namespace Raftos.Agent;

/// <summary>
/// The URL at which masters and operators reach this agent's HTTP endpoint (task logs). Known
/// once the server listens, since a port of 0 means "any free port"; registration waits for it.
/// </summary>
public sealed class AgentAddress
{
    private readonly TaskCompletionSource<string> known = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The advertised URL, once the server listens.</summary>
    public Task<string> WhenKnown => known.Task;

    /// <summary>
    /// Settles the advertised URL: <paramref name="configured"/> if set, else the first URL the
    /// server bound, with a wildcard host (0.0.0.0, [::], *, +) replaced by this machine's name.
    /// </summary>
    public void Settle(string configured, IEnumerable<string> bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        known.TrySetResult(configured.Length > 0 ? configured.TrimEnd('/') : Advertised(bound.FirstOrDefault() ?? string.Empty));
    }

    /// <summary><paramref name="url"/> as others reach it: a wildcard host becomes the machine's name.</summary>
    internal static string Advertised(string url)
    {
        if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            return url.TrimEnd('/');
        var wildcard = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
        return wildcard ? new UriBuilder(uri) { Host = Dns.GetHostName() }.Uri.ToString().TrimEnd('/') : uri.ToString().TrimEnd('/');
    }
}
