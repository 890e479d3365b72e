using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Forgets a role's configuration: it is back to weight 1 and no quota.</summary>
[MessagePackObject]
public sealed record RemoveRole : Command
{
    /// <summary>The role.</summary>
    [Key(1)] public required string Role { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate() => ValidateRequestId() ?? IdRules.Validate(Role, "role", "role");
}
