namespace Raftos.Client.Transport;

/// <summary>Capped exponential backoff with jitter.</summary>
internal static class Backoff
{
    /// <summary>The delay before retry number <paramref name="retry"/> (0 = first).</summary>
    public static TimeSpan Delay(int retry, TimeSpan min, TimeSpan max)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 30)));

        // Half fixed, half random: clients retrying after the same failure spread out, and no
        // retry comes back at once.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
