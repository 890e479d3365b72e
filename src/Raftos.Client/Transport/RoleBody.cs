namespace Raftos.Client.Transport;

/// <summary>Body of <c>PUT /v1/roles/{name}</c>.</summary>
internal sealed record RoleBody(int Weight, RoleQuota? Quota);
