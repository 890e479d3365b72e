namespace Raftos.Agent;

/// <summary>
/// Settings of one agent, bound from the "Agent" configuration section: defaults here, then
/// appsettings.json or --config, then RAFTOS_AGENT__* environment variables, then flags.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Agent id; empty means "the id kept in the data directory, or a new one".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Directory for the agent id, task records and task output.</summary>
    public string DataDir { get; set; } = "data/agent";

    /// <summary>HTTP URLs of the masters (any subset works; the agent finds the leader).</summary>
    public List<string> Masters { get; set; } = ["http://127.0.0.1:8101"];

    /// <summary>
    /// Where the agent's HTTP endpoint (task output) listens. Port 0 takes any free port, as
    /// <c>raftos dev</c> does for its agents.
    /// </summary>
    public string Http { get; set; } = "http://0.0.0.0:8200";

    /// <summary>
    /// The URL masters use to reach <see cref="Http"/>; empty means the bound URL, with a
    /// wildcard host replaced by this machine's name.
    /// </summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>CPU offered, in millicores; 0 = all of the machine's cores.</summary>
    public long CpuMillis { get; set; }

    /// <summary>Memory offered, in MB; 0 = all of the machine's memory.</summary>
    public long MemoryMb { get; set; }

    /// <summary>Attributes such as rack or zone.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>Lowest port handed to tasks (as RAFTOS_PORT_{NAME}).</summary>
    public int PortsMin { get; set; } = Core.Commands.RegisterAgent.PortsMinDefault;

    /// <summary>Highest port handed to tasks.</summary>
    public int PortsMax { get; set; } = Core.Commands.RegisterAgent.PortsMaxDefault;

    /// <summary>Time a task gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one request to a master may take (long polls add their wait).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Console log format: <c>text</c> (default) or <c>json</c>, see <see cref="Core.LogFormat"/>.</summary>
    public string LogFormat { get; set; } = Core.LogFormat.Text;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Id.Length > 0 && Core.Commands.IdRules.Validate(Id, "id", "agent") is { } badId)
            throw new ArgumentException($"Agent:Id: {badId.Detail}");
        if (Core.LogFormat.Validate(LogFormat, "Agent:LogFormat") is { } badFormat)
            throw new ArgumentException(badFormat);
        if (string.IsNullOrWhiteSpace(DataDir))
            throw new ArgumentException("Agent:DataDir is required");
        if (Masters.Count == 0)
            throw new ArgumentException("Agent:Masters needs at least one master URL");
        foreach (var master in Masters)
        {
            if (Core.Commands.MasterRules.ValidateHttpUrl(master) is not null)
                throw new ArgumentException($"Agent:Masters: '{master}' is not an absolute http:// URL");
        }

        if (Core.Commands.MasterRules.ValidateHttpUrl(Http) is not null)
            throw new ArgumentException($"Agent:Http: '{Http}' is not an absolute http:// URL to listen on");
        if (Address.Length > 0 && Core.Commands.MasterRules.ValidateHttpUrl(Address) is not null)
            throw new ArgumentException($"Agent:Address: '{Address}' is not an absolute http:// URL");
        if (CpuMillis < 0 || MemoryMb < 0)
            throw new ArgumentException("Agent:CpuMillis and Agent:MemoryMb are 0 (detect) or positive");
        if (PortsMin is < 1024 or > 65535 || PortsMax is < 1024 or > 65535 || PortsMin > PortsMax)
            throw new ArgumentException($"Agent:PortsMin and Agent:PortsMax are 1024 to 65535 with min <= max, not {PortsMin} to {PortsMax}");
        if (StopGrace < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException("Agent:StopGrace must not be negative and Agent:RequestTimeout must be positive");
    }
}
