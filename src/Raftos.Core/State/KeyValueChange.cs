namespace Raftos.Core.State;

/// <summary>One put (with its value) or delete (<see cref="Value"/> null) of a key, at the store revision it made.</summary>
public sealed record KeyValueChange(string Key, long Revision, byte[]? Value);
