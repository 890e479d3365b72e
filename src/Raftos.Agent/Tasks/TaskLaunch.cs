namespace Raftos.Agent.Tasks;

/// <summary>What to run for one task.</summary>
/// <param name="TaskId">The task's id; also the name of its directory, so 1 to 200 of a-z, A-Z, 0-9, '.', '-', '_'.</param>
/// <param name="Epoch">Which placement of the task this is; reported back with every event.</param>
/// <param name="JobId">The job the task belongs to.</param>
/// <param name="Command">Executable: a path (relative ones from the task directory), or a name looked up on the agent's PATH.</param>
/// <param name="Args">Arguments, passed verbatim (no shell).</param>
/// <param name="Env">Environment variables on top of PATH; the RAFTOS_* variables cannot be overridden.</param>
/// <param name="CpuMillis">CPU reserved, in millicores; told to the task, not enforced.</param>
/// <param name="MemoryMb">Memory limit in MB, enforced (see <see cref="TaskRunner"/>); 0 for none.</param>
/// <param name="Ports">Ports handed to the task, by name, given to it as RAFTOS_PORT_{NAME}; null for none (and in records written before ports existed).</param>
public sealed record TaskLaunch(
    string TaskId,
    long Epoch,
    string JobId,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    int CpuMillis,
    int MemoryMb,
    IReadOnlyDictionary<string, int>? Ports = null);
