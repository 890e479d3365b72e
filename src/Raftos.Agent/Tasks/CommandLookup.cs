namespace Raftos.Agent.Tasks;

/// <summary>
/// Finds the executable a task names, as a shell would, before anything is launched: a failure
/// then has a precise reason instead of the wrapper's generic exit code 127.
/// </summary>
internal static class CommandLookup
{
    private const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>
    /// Resolves <paramref name="command"/>: a name containing '/' is a path (relative to
    /// <paramref name="workingDirectory"/>), any other name is looked up on <paramref name="searchPath"/>
    /// (colon-separated, default <c>/usr/local/bin:/usr/bin:/bin</c>).
    /// </summary>
    /// <returns>The absolute path of the executable, or null with <paramref name="reason"/> saying why not.</returns>
    public static string? Resolve(string command, string workingDirectory, string? searchPath, out string reason)
    {
        reason = string.Empty;
        if (string.IsNullOrWhiteSpace(command))
        {
            reason = "no command given";
            return null;
        }

        if (command.Contains('\0', StringComparison.Ordinal))
        {
            reason = "the command contains a NUL character";
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(command, workingDirectory);
            if (!File.Exists(path))
                reason = $"command '{command}' not found";
            else if (!Libc.IsExecutable(path))
                reason = $"command '{command}' is not executable";
            else
                return path;
            return null;
        }

        var foundButNotExecutable = false;
        foreach (var directory in (string.IsNullOrEmpty(searchPath) ? DefaultPath : searchPath).Split(':'))
        {
            // An empty entry means the working directory to a shell; a task's command never comes from there by accident.
            if (directory.Length == 0 || !Path.IsPathRooted(directory))
                continue;
            var candidate = Path.Combine(directory, command);
            if (!File.Exists(candidate))
                continue;
            if (Libc.IsExecutable(candidate))
                return candidate;
            foundButNotExecutable = true;
        }

        reason = foundButNotExecutable ? $"command '{command}' is not executable" : $"command '{command}' not found";
        return null;
    }
}
