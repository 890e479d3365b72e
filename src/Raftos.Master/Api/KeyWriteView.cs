namespace Raftos.Master.Api;

/// <summary>Answer to a key write: the store revision it produced.</summary>
public sealed record KeyWriteView(string Key, long Revision);
