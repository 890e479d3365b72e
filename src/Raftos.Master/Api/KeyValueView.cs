namespace Raftos.Master.Api;

/// <summary>A key with its value (base64) and revisions.</summary>
public sealed record KeyValueView(string Key, string Value, long CreateRevision, long ModRevision, long Version);
