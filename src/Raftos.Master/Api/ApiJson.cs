using System.Text.Json;
using System.Text.Json.Serialization;

namespace Raftos.Master.Api;

/// <summary>JSON settings of the API: camelCase, enums as lower-case strings, and strict parsing of request bodies.</summary>
public static class ApiJson
{
    /// <summary>For request bodies: unknown fields and numeric enums are errors.</summary>
    public static readonly JsonSerializerOptions Strict = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    });

    /// <summary>Applies the shared settings (also used for answers).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    /// <summary>
    /// Parses a request body strictly; on failure, a problem naming the field (as a JSON path)
    /// and what is wrong with it, without .NET type names.
    /// </summary>
    public static (T? Value, Microsoft.AspNetCore.Http.IResult? Error) Parse<T>(byte[] body, string what)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Strict);
            return value is null ? (null, Problems.BadRequest($"a JSON {what} is required")) : (value, null);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : null;
            var detail = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"unknown field '{Quoted(e.Message) ?? path}'" + (path is null ? string.Empty : $" (at {path})")
                : $"the body is not a valid {what}: " + (path is null ? "expected a JSON object with its fields" : $"field '{path}' has the wrong type or value");
            return (null, Problems.BadRequest(detail, path));
        }
    }

    private static string? Quoted(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}
