using System.Globalization;

namespace Raftos.Bench;

/// <summary>Parses the short durations people type on a command line: "10s", "250ms", "2m", or bare seconds.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        (string number, double scaleToMs) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 1.0),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1000.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60_000.0),
            _ => (trimmed, 1000.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * scaleToMs);
        return true;
    }
}
