using System.Globalization;

namespace Raftos.Agent.Tasks;

/// <summary>
/// A per-task memory cgroup of the cgroup v1 memory controller, made a child of the agent's own
/// memory cgroup: the kernel enforces the limit (<c>memory.limit_in_bytes</c>) and counts the
/// OOM kills (<c>oom_kill</c> in <c>memory.oom_control</c>). The wrapper shell joins it
/// before it runs the command, so every process of the task is inside from its first byte.
/// cgroup v2 is not used: its no-internal-processes rule keeps a child cgroup from being made
/// under the agent's own without moving the agent, so on v2-only hosts tasks fall back to RSS
/// monitoring.
/// </summary>
internal sealed class MemoryCgroup
{
    private const long MegaByte = 1024 * 1024;

    private MemoryCgroup(string path) => Path = path;

    /// <summary>The cgroup's directory.</summary>
    public string Path { get; }

    /// <summary>The file a process writes its pid to in order to join.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>The agent's own v1 memory cgroup directory, or null when this host has no writable v1 memory controller.</summary>
    public static string? FindParent()
    {
        try
        {
            var parent = ParseParent(File.ReadAllText("/proc/self/cgroup"), File.ReadAllText("/proc/self/mountinfo"));
            return parent is not null && File.Exists(System.IO.Path.Combine(parent, "memory.limit_in_bytes")) ? parent : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The directory of this process's v1 memory cgroup, from the texts of /proc/self/cgroup
    /// (<c>id:controllers:path</c> lines) and /proc/self/mountinfo; null if there is no v1 memory hierarchy.
    /// </summary>
    internal static string? ParseParent(string procSelfCgroup, string mountInfo)
    {
        string? cgroupPath = null;
        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory", StringComparer.Ordinal))
                cgroupPath = parts[2].Trim();
        }

        if (cgroupPath is null)
            return null;

        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "36 25 0:31 /root /mount/point options [optional fields] - cgroup source super,options"
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
                continue;
            var fields = line[..separator].Split(' ');
            var filesystem = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || filesystem.Length < 3 || filesystem[0] != "cgroup"
                || !filesystem[2].Split(',').Contains("memory", StringComparer.Ordinal))
                continue;

            var (root, mountPoint) = (fields[3], fields[4]);
            // Inside a cgroup namespace or a bind mount, the mount shows the hierarchy from "root" down.
            var relative = root == "/" ? cgroupPath
                : cgroupPath == root || cgroupPath.StartsWith(root + "/", StringComparison.Ordinal) ? cgroupPath[root.Length..]
                : null;
            return relative is null ? null : mountPoint.TrimEnd('/') + "/" + relative.TrimStart('/');
        }

        return null;
    }

    /// <summary>Creates cgroup <paramref name="name"/> under <paramref name="parent"/> limited to <paramref name="limitMb"/> MB of memory (swap included where the kernel accounts it).</summary>
    /// <exception cref="IOException">The cgroup could not be created or limited.</exception>
    /// <exception cref="UnauthorizedAccessException">The agent may not create cgroups there.</exception>
    public static MemoryCgroup Create(string parent, string name, int limitMb)
    {
        var cgroup = new MemoryCgroup(System.IO.Path.Combine(parent, name));
        Directory.CreateDirectory(cgroup.Path);
        try
        {
            var limit = (limitMb * MegaByte).ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(System.IO.Path.Combine(cgroup.Path, "memory.limit_in_bytes"), limit);
            TryWrite(System.IO.Path.Combine(cgroup.Path, "memory.memsw.limit_in_bytes"), limit);
            return cgroup;
        }
        catch
        {
            cgroup.TryRemove();
            throw;
        }
    }

    /// <summary>An existing cgroup, from a task record.</summary>
    public static MemoryCgroup Open(string path) => new(path);

    /// <summary>
    /// Whether the kernel killed a process of this cgroup for memory. Kernels before 4.13 have no
    /// <c>oom_kill</c> counter; there a hit limit (<c>memory.failcnt</c>) and an end by SIGKILL
    /// (<paramref name="exitCode"/> 137) count as one.
    /// </summary>
    public bool WasOomKilled(int? exitCode)
    {
        var control = TryRead(System.IO.Path.Combine(Path, "memory.oom_control"));
        if (control is not null && ParseOomKills(control) is { } kills)
            return kills > 0;
        var failures = TryRead(System.IO.Path.Combine(Path, "memory.failcnt"));
        return exitCode == 128 + Libc.SigKill
            && long.TryParse(failures, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0;
    }

    /// <summary>The <c>oom_kill</c> count in a memory.oom_control text, null if it has none.</summary>
    internal static long? ParseOomKills(string oomControl)
    {
        foreach (var line in oomControl.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "oom_kill" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kills))
                return kills;
        }

        return null;
    }

    /// <summary>Removes the cgroup; false while it still holds a process (or cannot be removed).</summary>
    public bool TryRemove()
    {
        try
        {
            if (Directory.Exists(Path))
                Directory.Delete(Path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without swap accounting there is no memsw file, and nothing to limit.
        }
    }
}
