namespace Raftos.Core;

/// <summary>
/// Assertions that stay on in Release builds. An impossible state is a bug: fail loudly
/// rather than let replicas diverge.
/// </summary>
public static class Invariant
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false.</summary>
    public static void Holds(bool condition, string what)
    {
        if (!condition)
            throw new InvariantViolationException(what);
    }
}

/// <summary>Raised when a core invariant does not hold; never caught inside the core.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
