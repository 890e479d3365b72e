using System.CommandLine.Parsing;
using System.Globalization;

namespace Raftos.Commands.Cli;

/// <summary>Durations as operators type them: <c>500ms</c>, <c>60s</c>, <c>2m</c>, <c>1h</c>, or bare seconds.</summary>
public static class DurationText
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    /// <summary>A parser for a <see cref="TimeSpan"/> option: a positive duration, or a parse error.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        var (number, scale) = Units.Where(u => text.EndsWith(u.Suffix, StringComparison.OrdinalIgnoreCase))
            .Select(u => (text[..^u.Suffix.Length], u.Milliseconds))
            .DefaultIfEmpty((text, 1000))
            .First();
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale < TimeSpan.MaxValue.TotalMilliseconds)
            return TimeSpan.FromMilliseconds(value * scale);
        result.AddError($"'{text}' is not a duration such as 500ms, 60s or 2m");
        return default;
    }
}
