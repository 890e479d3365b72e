namespace Raftos.Chaos.History;

/// <summary>How an operation ended, as the client saw it.</summary>
public enum Outcome
{
    /// <summary>Answered: it took effect (a CAS may have answered "no": see <see cref="Operation.CasApplied"/>).</summary>
    Ok,

    /// <summary>Answered with a definite refusal: it did not take effect.</summary>
    Failed,

    /// <summary>No answer (timeout, connection lost, 503 after sending): it may or may not have taken effect, at any time after its invocation.</summary>
    Unknown,
}
