namespace Raftos.Client;

/// <summary>Answer to a key write or delete.</summary>
/// <param name="Key">The key.</param>
/// <param name="Revision">The store revision the write produced.</param>
public sealed record KeyWriteResult(string Key, long Revision);
