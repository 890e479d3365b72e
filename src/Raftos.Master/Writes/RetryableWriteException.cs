namespace Raftos.Master.Writes;

/// <summary>
/// The attempt failed in a way that a retry with the same request id may fix (leader lost,
/// leader unreachable). Retrying is safe because the state machine de-duplicates request ids.
/// </summary>
internal sealed class RetryableWriteException(string message, Exception? inner = null) : Exception(message, inner);
