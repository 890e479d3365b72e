using System.CommandLine;

namespace Raftos.Commands.Cli;

/// <summary>The options every operator command takes: where the masters are, and JSON output for scripts.</summary>
public static class CliOptions
{
    /// <summary>Environment variable with the masters' addresses when <c>--address</c> is not given.</summary>
    public const string AddressVariable = "RAFTOS_ADDR";

    /// <summary>The first master of <c>raftos dev</c>.</summary>
    public const string DefaultAddress = "http://127.0.0.1:8101";

    /// <summary><c>--address</c>: comma-separated master URLs.</summary>
    public static readonly Option<string?> Address = new("--address")
    {
        Description = $"Comma-separated master URLs, any of them will do (default: ${AddressVariable}, else {DefaultAddress})",
    };

    /// <summary><c>--json</c>: print the API's JSON instead of tables.</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "Print the JSON answer, for scripts" };

    /// <summary>The masters from --address, else $RAFTOS_ADDR, else the dev cluster's first master.</summary>
    public static IReadOnlyList<Uri> Masters(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.GetValue(Address);
        if (string.IsNullOrWhiteSpace(text))
            text = Environment.GetEnvironmentVariable(AddressVariable);
        if (string.IsNullOrWhiteSpace(text))
            text = DefaultAddress;
        var masters = new List<Uri>();
        foreach (var address in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var withScheme = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new CliException($"'{address}' is not a master URL such as {DefaultAddress}");
            masters.Add(uri);
        }

        return masters.Count > 0 ? masters : throw new CliException("no master address given");
    }
}
