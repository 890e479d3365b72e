using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Why a command was not applied. Part of the replicated result, so it is deterministic.</summary>
[MessagePackObject]
public sealed record Rejection(
    [property: Key(0)] RejectionCode Code,
    [property: Key(1)] string? Field,
    [property: Key(2)] string Detail)
{
    /// <summary>A field of the command is malformed or out of range.</summary>
    public static Rejection Invalid(string field, string detail) => new(RejectionCode.Invalid, field, detail);

    /// <summary>The thing the command names does not exist.</summary>
    public static Rejection NotFound(string detail) => new(RejectionCode.NotFound, null, detail);

    /// <summary>A compare-and-set expectation did not hold.</summary>
    public static Rejection RevisionMismatch(string detail) => new(RejectionCode.RevisionMismatch, null, detail);

    /// <summary>The command conflicts with the current state for another reason.</summary>
    public static Rejection Conflict(string detail) => new(RejectionCode.Conflict, null, detail);
}

/// <summary>The kinds of rejection; the HTTP layer maps each to one status code.</summary>
public enum RejectionCode
{
    /// <summary>Malformed or out-of-range field (HTTP 400).</summary>
    Invalid = 1,

    /// <summary>Missing target (HTTP 404).</summary>
    NotFound = 2,

    /// <summary>Compare-and-set failed (HTTP 409).</summary>
    RevisionMismatch = 3,

    /// <summary>Other state conflict (HTTP 409).</summary>
    Conflict = 4,
}
