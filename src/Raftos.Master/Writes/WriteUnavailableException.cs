namespace Raftos.Master.Writes;

/// <summary>A write could not be accepted now (no leader, queue full, timed out); the client may retry. HTTP 503.</summary>
public sealed class WriteUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
