using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Deletes a key, optionally only if its revision is <see cref="ExpectedRevision"/>.</summary>
[MessagePackObject]
public sealed record DeleteKey : Command
{
    /// <summary>The key; see <see cref="KeyRules"/>.</summary>
    [Key(1)]
    public required string Key { get; init; }

    /// <summary>Compare-and-delete expectation, or null for an unconditional delete.</summary>
    [Key(2)]
    public long? ExpectedRevision { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate()
        => ValidateRequestId() ?? KeyRules.Validate(Key) ?? KeyRules.ValidateRevision(ExpectedRevision);
}
