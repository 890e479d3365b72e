namespace Raftos.Core;

/// <summary>
/// How masters and agents write their log lines to the console: <see cref="Text"/> for people,
/// <see cref="Json"/> (one compact JSON object a line) for log shippers.
/// </summary>
public static class LogFormat
{
    /// <summary>Human-readable lines, the default.</summary>
    public const string Text = "text";

    /// <summary>One compact JSON object per line, every property of the event included.</summary>
    public const string Json = "json";

    /// <summary>The error for <paramref name="value"/> of setting <paramref name="setting"/>, or null when it names a format.</summary>
    public static string? Validate(string? value, string setting)
        => value is Text or Json ? null : $"{setting} is '{Text}' or '{Json}', not '{value}'";
}
