namespace Raftos.Core.Commands;

/// <summary>What master ids and addresses may be.</summary>
public static class MasterRules
{
    /// <summary>Ids follow <see cref="IdRules"/>.</summary>
    public static Rejection? ValidateId(string? id) => IdRules.Validate(id, "id", "master");

    /// <summary>A Raft endpoint is host:port with a port in 1..65535.</summary>
    public static Rejection? ValidateRaftEndpoint(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
            return Rejection.Invalid("raftAddress", "a Raft address (host:port) is required");
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || colon == endpoint.Length - 1 || endpoint.Length > 255 || !KeyRules.IsWellFormed(endpoint)
            || !int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
            return Rejection.Invalid("raftAddress", "a Raft address is host:port with a port from 1 to 65535");
        return null;
    }

    /// <summary>An HTTP URL is absolute http or https.</summary>
    public static Rejection? ValidateHttpUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 255 || !KeyRules.IsWellFormed(url)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return Rejection.Invalid("httpAddress", "an HTTP address is an absolute http:// or https:// URL");
        return null;
    }
}
