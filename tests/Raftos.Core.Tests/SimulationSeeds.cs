using System.Globalization;

namespace Raftos.Core.Tests;

/// <summary>
/// The seeds the fleet simulation runs when the environment names them: <c>RAFTOS_SIM_SEED=N</c>
/// replays one seed, <c>RAFTOS_SIM_SEEDS=A..B</c> an inclusive range. Read when xunit
/// enumerates the theory data, so <c>dotnet test</c> passes them through to the test host.
/// </summary>
internal static class SimulationSeeds
{
    public const string SeedVariable = "RAFTOS_SIM_SEED";
    public const string SeedsVariable = "RAFTOS_SIM_SEEDS";

    /// <summary>The inclusive range the environment names, or null to run the default seeds.</summary>
    public static (int First, int Last)? FromEnvironment()
        => Parse(Environment.GetEnvironmentVariable(SeedVariable), Environment.GetEnvironmentVariable(SeedsVariable));

    /// <summary>
    /// A malformed value throws rather than silently falling back to the default seeds: a
    /// replay that quietly ran other seeds would pass and prove nothing.
    /// </summary>
    public static (int First, int Last)? Parse(string? seed, string? seeds)
    {
        if (!string.IsNullOrWhiteSpace(seed))
        {
            var one = Number(seed, SeedVariable);
            return (one, one);
        }

        if (string.IsNullOrWhiteSpace(seeds))
            return null;
        var parts = seeds.Split("..", 2, StringSplitOptions.TrimEntries);
        var first = Number(parts[0], SeedsVariable);
        var last = parts.Length == 2 ? Number(parts[1], SeedsVariable) : first;
        if (last < first)
            throw new InvalidOperationException($"{SeedsVariable}={seeds}: the range is empty (use A..B with A <= B)");
        return (first, last);
    }

    /// <summary>The one-line command that replays <paramref name="seed"/> exactly.</summary>
    public static string ReplayCommand(int seed)
        => string.Create(CultureInfo.InvariantCulture, $"{SeedVariable}={seed} dotnet test tests/Raftos.Core.Tests -c Release --filter FullyQualifiedName~FleetSimulationTests");

    private static int Number(string text, string variable)
        => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidOperationException($"{variable}='{text}' is not a seed (a non-negative integer; ranges are A..B)");
}
