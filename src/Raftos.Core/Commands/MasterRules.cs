namespace Raftos.Core.Commands;

/// <summary>What master ids and addresses may be.</summary>
public static class MasterRules
{
    /// <summary>Ids are 1 to 63 characters of lower-case letters, digits and '-', starting with a letter or digit.</summary>
    public static Rejection? ValidateId(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return Rejection.Invalid("id", "a master id is required");
        if (id.Length > Limits.MasterIdLengthMax)
            return Rejection.Invalid("id", $"a master id is at most {Limits.MasterIdLengthMax} characters");
        if (id[0] == '-')
            return Rejection.Invalid("id", "a master id starts with a letter or digit");
        foreach (var c in id)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '-'))
                return Rejection.Invalid("id", "a master id holds only a-z, 0-9 and '-'");
        }

        return null;
    }

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
