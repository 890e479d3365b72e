using System.Globalization;
using System.Text;

namespace Raftos.Client.Transport;

/// <summary>Builds request paths: ids escaped as one segment, keys segment by segment, queries without empty values.</summary>
internal static class ApiPaths
{
    /// <summary><paramref name="prefix"/> followed by the escaped <paramref name="id"/>, e.g. <c>/v1/jobs/web</c>.</summary>
    public static string Of(string prefix, string id, string? suffix = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return prefix + "/" + Uri.EscapeDataString(id) + suffix;
    }

    /// <summary>A key-value path: a key's slashes stay slashes, as the route takes the rest of the path.</summary>
    public static string Key(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return "/v1/kv/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary><paramref name="path"/> with the parameters that have a value.</summary>
    public static string Query(string path, params (string Name, object? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
                continue;
            builder.Append(separator).Append(name).Append('=')
                .Append(Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
            separator = '&';
        }

        return builder.ToString();
    }
}
