namespace Raftos.Client;

/// <summary>Where the masters are and how patiently to talk to them.</summary>
public sealed record RaftosClientOptions
{
    /// <summary>The masters' HTTP API URLs; any of them will do, and the client moves on to the next when one does not answer.</summary>
    public required IReadOnlyList<Uri> Masters { get; init; }

    /// <summary>How long one attempt may take before the client gives up on that master.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to one master may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Most attempts of one call, over all masters.</summary>
    public int AttemptsMax { get; init; } = 8;

    /// <summary>Delay before the first retry; it doubles with each one, with jitter.</summary>
    public TimeSpan BackoffMin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Options for the masters at <paramref name="masters"/>, e.g. <c>http://10.0.0.1:8101</c>.</summary>
    public static RaftosClientOptions For(params string[] masters)
    {
        ArgumentNullException.ThrowIfNull(masters);
        if (masters.Length == 0)
            throw new ArgumentException("at least one master URL is needed", nameof(masters));
        return new RaftosClientOptions { Masters = [.. masters.Select(m => new Uri(m, UriKind.Absolute))] };
    }
}
