using MessagePack;
using Raftos.Core.State;

namespace Raftos.Core.Commands;

/// <summary>
/// An agent announces itself, at every start and whenever it learns it was declared lost.
/// Each registration gets a new epoch (its log index); the agent's tasks are kept unless the
/// agent had been declared lost, in which case they are already lost and moved.
/// </summary>
[MessagePackObject]
public sealed record RegisterAgent : Command
{
    /// <summary>Stable agent id.</summary>
    [Key(1)] public required string AgentId { get; init; }

    /// <summary>Where the agent can be reached, or empty.</summary>
    [Key(2)] public string Address { get; init; } = string.Empty;

    /// <summary>Total resources offered.</summary>
    [Key(3)] public Resources Total { get; init; }

    /// <summary>Attributes, e.g. rack=r1.</summary>
    [Key(4)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Default lowest dynamic port.</summary>
    public const int PortsMinDefault = 20000;

    /// <summary>Default highest dynamic port.</summary>
    public const int PortsMaxDefault = 31999;

    /// <summary>Lowest port handed to tasks.</summary>
    [Key(5)] public int PortsMin { get; init; } = PortsMinDefault;

    /// <summary>Highest port handed to tasks.</summary>
    [Key(6)] public int PortsMax { get; init; } = PortsMaxDefault;

    /// <inheritdoc />
    public override Rejection? Validate()
    {
        if ((ValidateRequestId() ?? IdRules.Validate(AgentId, "agentId", "agent")) is { } bad)
            return bad;
        if (Address is null || Address.Length > 255 || !KeyRules.IsWellFormed(Address))
            return Rejection.Invalid("address", "address is at most 255 characters of well-formed text");
        if (Total.CpuMillis is < 1 or > Limits.ResourceAmountMax || Total.MemoryMb is < 1 or > Limits.ResourceAmountMax
            || Total.DiskMb is < 0 or > Limits.ResourceAmountMax)
            return Rejection.Invalid("resources", $"an agent offers 1 to {Limits.ResourceAmountMax} millicores and MB of memory, and 0 to {Limits.ResourceAmountMax} MB of disk");
        if (PortsMin is < 1024 or > 65535 || PortsMax < PortsMin || PortsMax > 65535)
            return Rejection.Invalid("ports", $"an agent's port range is within 1024 to 65535 with min <= max, not {PortsMin} to {PortsMax}");
        if (Attributes is null || Attributes.Count > Limits.AttributesMax)
            return Rejection.Invalid("attributes", $"an agent has at most {Limits.AttributesMax} attributes");
        foreach (var (name, value) in Attributes)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 255 || value is null || value.Length > Limits.TextLengthMax
                || !KeyRules.IsWellFormed(name) || !KeyRules.IsWellFormed(value))
                return Rejection.Invalid("attributes", $"attribute '{name}' needs a name of 1 to 255 characters and a value of at most {Limits.TextLengthMax}");
        }

        return null;
    }
}
