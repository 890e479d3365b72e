using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Raftos.Bench;

/// <summary>
/// Builds the options that several subcommands share. Each call returns a fresh instance because
/// an option belongs to the command it is added to.
/// </summary>
internal static class SharedOptions
{
    public static Option<BenchTarget> Target() => new("--target")
    {
        Description = "System under test: raftos or etcd.",
        Required = true,
    };

    public static Option<IReadOnlyList<Uri>> Endpoints() => new("--endpoints")
    {
        Description = "Comma-separated HTTP base URLs of all members, e.g. http://127.0.0.1:8101,http://127.0.0.1:8102.",
        Required = true,
        CustomParser = ParseEndpoints,
    };

    public static Option<FileInfo?> Json(string description) => new("--json")
    {
        Description = description,
    };

    public static Option<TimeSpan> Duration(string name, TimeSpan defaultValue, string description) => new(name)
    {
        Description = description + " Accepts 10s, 250ms, 2m or bare seconds.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseDuration,
    };

    /// <summary>
    /// Endpoints are compared as strings (for --pids) and joined with relative paths, so they are
    /// normalised to exactly one trailing slash.
    /// </summary>
    public static Uri NormaliseEndpoint(string text)
    {
        var trimmed = text.Trim().TrimEnd('/');
        return new Uri(trimmed + "/", UriKind.Absolute);
    }

    private static List<Uri> ParseEndpoints(ArgumentResult result)
    {
        var endpoints = new List<Uri>();
        foreach (var part in SplitTokens(result))
        {
            if (!Uri.TryCreate(part.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                result.AddError($"'{part}' is not an http:// URL.");
                return [];
            }

            endpoints.Add(NormaliseEndpoint(part));
        }

        if (endpoints.Count == 0)
        {
            result.AddError("At least one endpoint is required.");
        }

        return endpoints;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (!DurationText.TryParse(text, out var duration))
        {
            result.AddError($"'{text}' is not a duration such as 10s, 250ms or 2m.");
        }

        return duration;
    }

    /// <summary>Accepts both "a,b,c" and repeated tokens, so shells and scripts can pass lists either way.</summary>
    public static IEnumerable<string> SplitTokens(ArgumentResult result) =>
        result.Tokens
            .SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static IReadOnlyList<int> ParsePositiveIntegers(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var part in SplitTokens(result))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                result.AddError($"'{part}' is not a positive integer.");
                return [];
            }

            values.Add(value);
        }

        return values;
    }
}
