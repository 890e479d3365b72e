namespace Raftos.Client;

/// <summary>Which output of a task to read.</summary>
public enum TaskOutput
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
