namespace Raftos.Core.Protocol;

/// <summary>One task as the agent needs it, with the ports it was handed, by name.</summary>
public sealed record AssignedTask(
    string TaskId,
    long Epoch,
    string JobId,
    string State,
    string Desired,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    ResourceAmounts Resources,
    IReadOnlyDictionary<string, int> Ports);
