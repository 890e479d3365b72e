using System.Diagnostics;
using System.Globalization;

namespace Raftos.Agent.Tasks;

/// <summary>
/// Process groups seen through /proc. A task's group id is its leader's pid, which the
/// kernel may hand to an unrelated process once the leader has gone; the leader's start time
/// (recorded at launch) tells the two apart.
/// </summary>
internal static class ProcessGroups
{
    /// <summary>One pass over /proc: a sample of each of <paramref name="groups"/> that has any process left.</summary>
    public static Dictionary<int, GroupSample> Sample(IReadOnlySet<int> groups)
    {
        var samples = new Dictionary<int, GroupSample>(groups.Count);
        if (groups.Count == 0)
            return samples;

        foreach (var pid in ListPids())
        {
            if (ProcStat.TryRead(pid, out var process) && groups.Contains(process.ProcessGroup))
                samples[process.ProcessGroup] = samples.GetValueOrDefault(process.ProcessGroup).With(process);
        }

        return samples;
    }

    /// <summary>Live (non-zombie) processes left in group <paramref name="pgid"/>.</summary>
    public static int CountMembers(int pgid) => Sample(new HashSet<int> { pgid }).GetValueOrDefault(pgid).Members;

    /// <summary>Whether process <paramref name="pid"/> runs and is the one that started at <paramref name="startTime"/>.</summary>
    public static bool IsAlive(int pid, long startTime) =>
        ProcStat.TryRead(pid, out var process) && !process.HasExited && process.StartTime == startTime;

    /// <summary>
    /// Whether group <paramref name="pgid"/>, led by a process that started at <paramref name="leaderStartTime"/>,
    /// still has live processes of the task. With its leader gone, any process left in the group
    /// is one of the task's: a group id is not reused while the group has members.
    /// </summary>
    public static bool IsTaskGroupAlive(int pgid, long leaderStartTime)
    {
        if (ProcStat.TryRead(pgid, out var leader))
        {
            if (leader.StartTime != leaderStartTime)
                return false;
            if (!leader.HasExited)
                return true;
        }

        return CountMembers(pgid) > 0;
    }

    /// <summary>Waits until group <paramref name="pgid"/> has no live process; false if it still has one at the deadline.</summary>
    public static bool WaitUntilEmpty(int pgid, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (CountMembers(pgid) > 0)
        {
            if (waited.Elapsed >= timeout)
                return false;
            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>
    /// Whether the wrapper <paramref name="pid"/> has a child that has executed a program of its
    /// own, telling a started command from a shell still about to start it. True when the wrapper is gone.
    /// </summary>
    public static bool HasExecutedChild(int pid)
    {
        if (!ProcStat.TryRead(pid, out var wrapper) || wrapper.HasExited)
            return true;
        foreach (var child in ListPids())
        {
            if (!ProcStat.TryRead(child, out var process) || process.ParentPid != pid || process.HasExited)
                continue;

            // Until it executes, a forked (or vforked) child shows its parent's command line. The
            // wrapper's line changes while setsid and env execute the shell, but only the shell
            // forks: read once there is a child, it is the shell's.
            var command = ReadCommandLine(child);
            var parent = ReadCommandLine(pid);
            if (parent is null || (command is not null && !command.AsSpan().SequenceEqual(parent)))
                return true;
        }

        return false;
    }

    private static byte[]? ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> ListPids()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                yield return pid;
        }
    }
}
