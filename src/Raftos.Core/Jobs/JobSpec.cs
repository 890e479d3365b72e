using System.Text.RegularExpressions;
using MessagePack;
using Raftos.Core.Commands;

namespace Raftos.Core.Jobs;

/// <summary>
/// What a user asks to run: the unit of submission. Validated field by field at the HTTP
/// edge and again on apply; a rejection names the field as a JSON path (e.g.
/// <c>task.resources.memoryMb</c>).
/// </summary>
[MessagePackObject]
public sealed partial record JobSpec
{
    /// <summary>Lowest priority.</summary>
    public const int PriorityMin = 0;

    /// <summary>Highest priority.</summary>
    public const int PriorityMax = 100;

    /// <summary>Job id, unique in the cluster; resubmitting it updates the job.</summary>
    [Key(0)] public string Id { get; init; } = string.Empty;

    /// <summary>How the tasks are kept running.</summary>
    [Key(1)] public JobType Type { get; init; } = JobType.Service;

    /// <summary>The team the job belongs to, for fair sharing and quotas.</summary>
    [Key(2)] public string Role { get; init; } = "default";

    /// <summary><see cref="PriorityMin"/> to <see cref="PriorityMax"/>; higher is placed first.</summary>
    [Key(3)] public int Priority { get; init; } = 50;

    /// <summary>Tasks to keep running (service) or complete (batch); ignored for system jobs.</summary>
    [Key(4)] public int Count { get; init; } = 1;

    /// <summary>What each task runs.</summary>
    [Key(5)] public TaskSpec Task { get; init; } = new();

    /// <summary>Conditions on agent attributes.</summary>
    [Key(6)] public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>How agents are ranked.</summary>
    [Key(7)] public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Binpack;

    /// <summary>Restarts and retries.</summary>
    [Key(8)] public RestartPolicy Restart { get; init; } = new();

    /// <summary>
    /// For the spread strategy: the agent attribute whose values the tasks are spread over
    /// (e.g. "rack"); empty to spread over agents.
    /// </summary>
    [Key(9)] public string SpreadBy { get; init; } = string.Empty;

    /// <summary>During a rolling update, how many tasks may be down at once (1 to count).</summary>
    [Key(10)] public int MaxUnavailable { get; init; } = 1;

    /// <summary>Whether a constraint asks for every task on a different agent.</summary>
    [IgnoreMember]
    [System.Text.Json.Serialization.JsonIgnore]
    public bool DistinctHosts => Constraints.Any(c => c.Operator == Constraint.DistinctHostsOperator);

    /// <summary>Null when the spec is acceptable.</summary>
    public Rejection? Validate()
        => IdRules.Validate(Id, "id", "job")
           ?? ValidateEnums()
           ?? ValidateRole()
           ?? (Priority is < PriorityMin or > PriorityMax
               ? Rejection.Invalid("priority", $"priority is {PriorityMin} to {PriorityMax}, not {Priority}")
               : null)
           ?? (Type != JobType.System && Count is < 1 or > Limits.JobCountMax
               ? Rejection.Invalid("count", $"count is 1 to {Limits.JobCountMax}, not {Count}")
               : null)
           ?? ValidateTask(Task)
           ?? ValidateConstraints(Constraints)
           ?? ValidateRestart(Restart)
           ?? ValidateRollout();

    private Rejection? ValidateRollout()
    {
        if (SpreadBy is null || (SpreadBy.Length > 0 && ValidateText(SpreadBy, "spreadBy") is not null) || SpreadBy.Length > 255)
            return Rejection.Invalid("spreadBy", "spreadBy is an attribute name of at most 255 characters, or empty");
        if (SpreadBy.Length > 0 && Strategy != PlacementStrategy.Spread)
            return Rejection.Invalid("spreadBy", "spreadBy needs strategy spread");
        if (MaxUnavailable < 1 || (Type != JobType.System && MaxUnavailable > Count))
            return Rejection.Invalid("maxUnavailable", $"maxUnavailable is 1 to count, not {MaxUnavailable}");
        return null;
    }

    private Rejection? ValidateEnums()
    {
        if (!Enum.IsDefined(Type))
            return Rejection.Invalid("type", "type is service, batch or system");
        if (!Enum.IsDefined(Strategy))
            return Rejection.Invalid("strategy", "strategy is binpack or spread");
        return null;
    }

    private Rejection? ValidateRole()
        => Role is null ? Rejection.Invalid("role", "role is required") : IdRules.Validate(Role, "role", "role");

    private static Rejection? ValidateTask(TaskSpec? task)
    {
        if (task is null)
            return Rejection.Invalid("task", "task is required");
        if (string.IsNullOrWhiteSpace(task.Command))
            return Rejection.Invalid("task.command", "task.command is required and may not be blank");
        if (ValidateText(task.Command, "task.command") is { } badCommand)
            return badCommand;
        if (task.Args is null || task.Args.Count > Limits.ArgumentsMax)
            return Rejection.Invalid("task.args", $"task.args is a list of at most {Limits.ArgumentsMax} strings");
        for (var i = 0; i < task.Args.Count; i++)
        {
            if (ValidateText(task.Args[i], $"task.args[{i}]") is { } badArg)
                return badArg;
        }

        if (task.Env is null || task.Env.Count > Limits.ArgumentsMax)
            return Rejection.Invalid("task.env", $"task.env is an object of at most {Limits.ArgumentsMax} variables");
        foreach (var (name, value) in task.Env)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 256 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
                return Rejection.Invalid("task.env", $"environment variable name '{name}' is empty, too long or holds '=' or NUL");
            if (ValidateText(value, $"task.env.{name}") is { } badValue)
                return badValue;
        }

        if (task.Ports is null || task.Ports.Count > Limits.TaskPortsMax)
            return Rejection.Invalid("task.ports", $"task.ports is a list of at most {Limits.TaskPortsMax} names");
        for (var i = 0; i < task.Ports.Count; i++)
        {
            var name = task.Ports[i];
            if (name is null || !PortName().IsMatch(name))
                return Rejection.Invalid($"task.ports[{i}]", "a port name is 1 to 32 of a-z, 0-9, '-' and '_', starting with a letter");
            if (task.Ports.Take(i).Contains(name, StringComparer.Ordinal))
                return Rejection.Invalid($"task.ports[{i}]", $"port '{name}' is named twice");
        }

        var resources = task.Resources;
        if (resources.CpuMillis is < 1 or > Limits.ResourceAmountMax)
            return Rejection.Invalid("task.resources.cpuMillis", $"task.resources.cpuMillis is 1 to {Limits.ResourceAmountMax}, not {resources.CpuMillis}");
        if (resources.MemoryMb is < 1 or > Limits.ResourceAmountMax)
            return Rejection.Invalid("task.resources.memoryMb", $"task.resources.memoryMb is 1 to {Limits.ResourceAmountMax}, not {resources.MemoryMb}");
        if (resources.DiskMb is < 0 or > Limits.ResourceAmountMax)
            return Rejection.Invalid("task.resources.diskMb", $"task.resources.diskMb is 0 to {Limits.ResourceAmountMax}, not {resources.DiskMb}");
        return null;
    }

    private static Rejection? ValidateConstraints(IReadOnlyList<Constraint>? constraints)
    {
        if (constraints is null || constraints.Count > Limits.AttributesMax)
            return Rejection.Invalid("constraints", $"constraints is a list of at most {Limits.AttributesMax}");
        for (var i = 0; i < constraints.Count; i++)
        {
            var field = $"constraints[{i}]";
            var constraint = constraints[i];
            if (constraint is not null && constraint.Operator == Constraint.DistinctHostsOperator)
            {
                if (!string.IsNullOrEmpty(constraint.Attribute) || !string.IsNullOrEmpty(constraint.Value))
                    return Rejection.Invalid(field, "distinct_hosts takes no attribute and no value");
                continue;
            }

            if (constraint is null || string.IsNullOrEmpty(constraint.Attribute))
                return Rejection.Invalid(field + ".attribute", "a constraint names an attribute");
            if ((ValidateText(constraint.Attribute, field + ".attribute") ?? ValidateText(constraint.Value, field + ".value")) is { } bad)
                return bad;
            if (!Constraint.Operators.Contains(constraint.Operator))
                return Rejection.Invalid(field + ".operator", $"operator is one of {string.Join(", ", Constraint.Operators)}, not '{constraint.Operator}'");
            if (constraint.Operator == Constraint.RegexOperator && !IsValidRegex(constraint.Value))
                return Rejection.Invalid(field + ".value", $"'{constraint.Value}' is not a valid regular expression");
        }

        return null;
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static Rejection? ValidateRestart(RestartPolicy? restart)
    {
        if (restart is null)
            return Rejection.Invalid("restart", "restart is an object");
        if (restart.Attempts is < 0 or > 1000)
            return Rejection.Invalid("restart.attempts", $"restart.attempts is 0 to 1000, not {restart.Attempts}");
        if (restart.DelayMs is < 0 or > 3_600_000)
            return Rejection.Invalid("restart.delayMs", $"restart.delayMs is 0 to 3600000, not {restart.DelayMs}");
        if (restart.MaxDelayMs < restart.DelayMs || restart.MaxDelayMs > 3_600_000)
            return Rejection.Invalid("restart.maxDelayMs", $"restart.maxDelayMs is delayMs to 3600000, not {restart.MaxDelayMs}");
        return null;
    }

    private static Rejection? ValidateText(string? text, string field)
    {
        if (text is null)
            return Rejection.Invalid(field, $"{field} is a string");
        if (text.Length > Limits.TextLengthMax)
            return Rejection.Invalid(field, $"{field} is at most {Limits.TextLengthMax} characters");
        if (text.Contains('\0', StringComparison.Ordinal) || !KeyRules.IsWellFormed(text))
            return Rejection.Invalid(field, $"{field} must be well-formed text without NUL");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PortName();
}
