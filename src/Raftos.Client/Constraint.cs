using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>
/// A condition on an agent attribute that every placement of the job meets: operator
/// <c>=</c> (the default), <c>!=</c>, <c>regexp</c>, <c>set_contains</c>, or
/// <c>distinct_hosts</c> (no attribute, no value).
/// </summary>
public sealed record Constraint
{
    /// <summary>Attribute name, e.g. <c>rack</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Attribute { get; init; }

    /// <summary>The operator; the server's default (<c>=</c>) when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Operator { get; init; }

    /// <summary>The value compared with.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }
}
