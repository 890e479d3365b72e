using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// Sets a key to a value. With <see cref="ExpectedRevision"/> it is a compare-and-set:
/// 0 means "only if the key does not exist", N means "only if the key's revision is N".
/// </summary>
[MessagePackObject]
public sealed record PutKey : Command
{
    /// <summary>The key; see <see cref="KeyRules"/>.</summary>
    [Key(1)]
    public required string Key { get; init; }

    /// <summary>The raw value.</summary>
    [Key(2)]
    public required byte[] Value { get; init; }

    /// <summary>Compare-and-set expectation, or null for an unconditional put.</summary>
    [Key(3)]
    public long? ExpectedRevision { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate()
        => ValidateRequestId()
           ?? KeyRules.Validate(Key)
           ?? (Value is null ? Rejection.Invalid("value", "a value is required") : null)
           ?? (Value!.Length > Limits.ValueBytesMax
               ? Rejection.Invalid("value", $"a value is at most {Limits.ValueBytesMax} bytes")
               : null)
           ?? KeyRules.ValidateRevision(ExpectedRevision);
}
