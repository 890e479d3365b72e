using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Raftos.Agent.Tasks;

/// <summary>
/// How a task is launched: <c>setsid [env --default-signal] /bin/sh -c SCRIPT raftos-task DIR CGROUP COMMAND ARGS...</c>.
/// setsid makes the shell the leader of a new session and process group (the agent's child is
/// not a group leader, so setsid execs in place and the pid is the group id). env, where it
/// can (coreutils 8.31 and later), gives the task default signal handling: .NET ignores SIGPIPE
/// and a child would inherit that, and a shell cannot undo it. The shell detaches
/// from the agent's stdio, joins the memory cgroup if there is one, runs the command with its
/// output appended to files, and records the exit code in a file, so the code is known to an
/// agent process that is not its parent. The command and its arguments are positional
/// parameters, never part of the script: nothing a task says is parsed by the shell.
/// </summary>
internal static class TaskWrapper
{
    // The wrapper's code when it could not join the memory cgroup, and the command did not run.
    private const int CgroupJoinFailed = 125;

    // A stop sends SIGTERM to the whole group. The shell traps it (rather than ignoring it, which
    // the command would inherit) so that it outlives the command and still records its exit code.
    private static readonly string Script = $$"""
        dir=$1 cgroup=$2
        shift 2
        exec </dev/null >>"$dir/stdout" 2>>"$dir/stderr"
        if [ -n "$cgroup" ]; then
            echo $$ >"$cgroup/cgroup.procs" || exit {{CgroupJoinFailed}}
        fi
        trap : TERM
        "$@"
        code=$?
        echo $code >"$dir/exit.tmp" && /bin/mv -f "$dir/exit.tmp" "$dir/exit"
        exit $code
        """;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The programs that start the wrapper shell: setsid, then env resetting signals where it can; null without setsid.</summary>
    public static IReadOnlyList<string>? FindLauncher()
    {
        var path = Environment.GetEnvironmentVariable("PATH") + ":/usr/bin:/bin";
        var setsid = CommandLookup.Resolve("setsid", "/", path, out _);
        if (setsid is null)
            return null;
        var env = CommandLookup.Resolve("env", "/", path, out _);
        return env is not null && ResetsSignals(env) ? [setsid, env, "--default-signal"] : [setsid];
    }

    /// <summary>The start info for <paramref name="launch"/>, whose command resolved to <paramref name="executable"/>.</summary>
    public static ProcessStartInfo CreateStartInfo(
        IReadOnlyList<string> launcher, TaskLaunch launch, string executable, TaskFiles files, MemoryCgroup? cgroup, string agentId)
    {
        var start = new ProcessStartInfo(launcher[0])
        {
            UseShellExecute = false,
            WorkingDirectory = files.DirectoryPath,
        };
        string[] wrapper = ["/bin/sh", "-c", Script, "raftos-task", files.DirectoryPath, cgroup?.Path ?? string.Empty, executable];
        foreach (var argument in launcher.Skip(1).Concat(wrapper).Concat(launch.Args))
            start.ArgumentList.Add(argument);

        // A task sees PATH and what it was given, not the rest of the agent's environment.
        var path = Environment.GetEnvironmentVariable("PATH");
        start.Environment.Clear();
        if (path is not null)
            start.Environment["PATH"] = path;
        foreach (var (name, value) in launch.Env)
            start.Environment[name] = value;
        start.Environment["RAFTOS_TASK_ID"] = launch.TaskId;
        start.Environment["RAFTOS_JOB_ID"] = launch.JobId;
        start.Environment["RAFTOS_AGENT_ID"] = agentId;
        start.Environment["RAFTOS_TASK_EPOCH"] = launch.Epoch.ToString(CultureInfo.InvariantCulture);
        start.Environment["RAFTOS_TASK_DIR"] = files.DirectoryPath;
        start.Environment["RAFTOS_CPU_MILLIS"] = launch.CpuMillis.ToString(CultureInfo.InvariantCulture);
        start.Environment["RAFTOS_MEMORY_MB"] = launch.MemoryMb.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, port) in launch.Ports ?? new Dictionary<string, int>())
            start.Environment[PortVariable(name)] = port.ToString(CultureInfo.InvariantCulture);
        return start;
    }

    /// <summary>The variable carrying a named port: RAFTOS_PORT_ and the name in upper case, '-' as '_' ("admin-api" → RAFTOS_PORT_ADMIN_API).</summary>
    public static string PortVariable(string name) => "RAFTOS_PORT_" + name.ToUpperInvariant().Replace('-', '_');

    /// <summary>Whether this env has --default-signal (busybox's and older coreutils' do not).</summary>
    private static bool ResetsSignals(string env)
    {
        var probe = new ProcessStartInfo(env, ["--default-signal", "/bin/sh", "-c", "exit 0"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(probe)!;
            if (process.WaitForExit(ProbeTimeout))
                return process.ExitCode == 0;
            process.Kill();
            return false;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
