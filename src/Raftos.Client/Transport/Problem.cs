namespace Raftos.Client.Transport;

/// <summary>The fields of an <c>application/problem+json</c> answer the client uses.</summary>
internal sealed record Problem(string? Title, string? Detail, string? Field, long? CurrentRevision, string? Leader);
