namespace Raftos.Commands.Cli;

/// <summary>A mistake in what the operator asked (a bad address, an unreadable file): one line on stderr, exit code 1.</summary>
public sealed class CliException(string message, Exception? innerException = null) : Exception(message, innerException);
