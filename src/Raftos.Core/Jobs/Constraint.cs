using MessagePack;

namespace Raftos.Core.Jobs;

/// <summary>A condition on an agent attribute that every placement of the job must meet.</summary>
[MessagePackObject]
public sealed record Constraint
{
    /// <summary>Equal to the value.</summary>
    public const string EqualOperator = "=";

    /// <summary>Not equal to the value (an agent without the attribute qualifies).</summary>
    public const string NotEqualOperator = "!=";

    /// <summary>Matches the value as a regular expression.</summary>
    public const string RegexOperator = "regexp";

    /// <summary>The attribute, a comma-separated set, contains every comma-separated item of the value.</summary>
    public const string SetContainsOperator = "set_contains";

    /// <summary>No two tasks of the job on one agent (takes no attribute or value).</summary>
    public const string DistinctHostsOperator = "distinct_hosts";

    /// <summary>The operators this build understands.</summary>
    public static readonly IReadOnlyList<string> Operators = [EqualOperator, NotEqualOperator, RegexOperator, SetContainsOperator, DistinctHostsOperator];

    /// <summary>Attribute name, e.g. "rack".</summary>
    [Key(0)] public string Attribute { get; init; } = string.Empty;

    /// <summary>One of <see cref="Operators"/>; "=" when omitted.</summary>
    [Key(1)] public string Operator { get; init; } = EqualOperator;

    /// <summary>The value compared with.</summary>
    [Key(2)] public string Value { get; init; } = string.Empty;

    /// <summary>Readable form, e.g. "rack = r2".</summary>
    public override string ToString() => Operator == DistinctHostsOperator ? Operator : $"{Attribute} {Operator} {Value}";
}
