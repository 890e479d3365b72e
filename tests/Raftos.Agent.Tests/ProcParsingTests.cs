using Raftos.Agent.Resources;
using Raftos.Agent.Tasks;

namespace Raftos.Agent.Tests;

public sealed class ProcParsingTests
{
    [Fact]
    public void A_stat_line_gives_the_state_group_cpu_time_start_time_and_rss()
    {
        const string line = "4242 (my (odd) cmd) S 1 4240 4240 0 -1 4194560 120 0 0 0 11 22 33 44 20 0 1 0 987654 4116480 321 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        Assert.True(ProcStat.TryParse(line, out var stat));

        Assert.Equal(new ProcStat(4242, 'S', 1, 4240, 11 + 22 + 33 + 44, 987654, 321), stat);
        Assert.False(stat.HasExited);
    }

    [Fact]
    public void A_zombie_has_exited()
    {
        const string line = "77 (sh) Z 1 77 77 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 5000 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

        Assert.True(ProcStat.TryParse(line, out var stat));
        Assert.True(stat.HasExited);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("12 (sh) S 1 2 3")]
    [InlineData("x (sh) S 1 4240 4240 0 -1 4194560 120 0 0 0 11 22 33 44 20 0 1 0 987654 4116480 321")]
    public void A_broken_stat_line_is_refused(string line) => Assert.False(ProcStat.TryParse(line, out _));

    [Fact]
    public void This_process_reads_its_own_stat()
    {
        Assert.True(ProcStat.TryRead(Environment.ProcessId, out var self));
        Assert.Equal(Environment.ProcessId, self.Pid);
        Assert.True(self.RssPages > 0);
        Assert.True(ProcessGroups.IsAlive(Environment.ProcessId, self.StartTime));
        Assert.False(ProcessGroups.IsAlive(Environment.ProcessId, self.StartTime + 1));
    }

    [Fact]
    public void Meminfo_gives_total_and_available_memory()
    {
        const string text = "MemTotal:       24683648 kB\nMemFree:        24242404 kB\nMemAvailable:   24296704 kB\nBuffers:           2108 kB\nHugePages_Total:       0\n";

        Assert.Equal(new MemInfo(24683648, 24296704), MemInfo.Parse(text));
    }

    [Fact]
    public void Meminfo_of_an_old_kernel_without_MemAvailable_falls_back_to_MemFree()
    {
        Assert.Equal(new MemInfo(1000, 600), MemInfo.Parse("MemTotal: 1000 kB\nMemFree: 600 kB\n"));
        Assert.Null(MemInfo.Parse("MemFree: 600 kB\n"));
    }

    [Fact]
    public void Proc_stat_gives_busy_and_total_cpu_time_over_all_cpus()
    {
        const string text = """
            cpu  100 5 50 800 20 3 2 1 7 0
            cpu0 50 2 25 400 10 2 1 1 7 0
            cpu1 50 3 25 400 10 1 1 0 0 0
            intr 12345 0 0
            ctxt 999
            """;

        // Guest time (7) is already counted in user; idle is idle + iowait.
        Assert.Equal(new CpuTimes(100 + 5 + 50 + 3 + 2 + 1, 100 + 5 + 50 + 800 + 20 + 3 + 2 + 1, 2), CpuTimes.Parse(text));
        Assert.Null(CpuTimes.Parse("intr 1 2 3\n"));
    }

    [Fact]
    public void Machine_cpu_use_is_the_busy_share_of_all_cpus_in_millicores()
    {
        var before = new CpuTimes(1000, 10_000, 2);
        var after = new CpuTimes(1000 + 150, 10_000 + 200, 2);

        Assert.Equal(1500, MachineUsage.CpuMillisBetween(before, after));
        Assert.Null(MachineUsage.CpuMillisBetween(after, after));
    }

    [Fact]
    public void The_memory_cgroup_is_found_from_proc_self_cgroup_and_mountinfo()
    {
        const string cgroups = "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu,cpuacct:/\n0::/\n";
        const string mounts = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

        Assert.Equal("/sys/fs/cgroup/memory/process_api/abc", MemoryCgroup.ParseParent(cgroups, mounts));
        Assert.Equal("/sys/fs/cgroup/memory/abc", MemoryCgroup.ParseParent(cgroups, mounts.Replace("0:32 / ", "0:32 /process_api ", StringComparison.Ordinal)));
        Assert.Null(MemoryCgroup.ParseParent("0::/user.slice\n", "30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"));
    }

    [Fact]
    public void The_oom_kill_count_is_read_from_memory_oom_control()
    {
        Assert.Equal(2, MemoryCgroup.ParseOomKills("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"));
        Assert.Null(MemoryCgroup.ParseOomKills("oom_kill_disable 0\nunder_oom 0\n"));
    }

    [Theory]
    [InlineData(0, null, false, TaskRunState.Finished, "exited with code 0")]
    [InlineData(3, null, false, TaskRunState.Failed, "exited with code 3")]
    [InlineData(127, null, false, TaskRunState.Failed, "exited with code 127 (command not found)")]
    [InlineData(126, null, false, TaskRunState.Failed, "exited with code 126 (not executable)")]
    [InlineData(137, null, false, TaskRunState.Failed, "killed by signal 9")]
    [InlineData(137, null, true, TaskRunState.Failed, "oom")]
    [InlineData(143, "stopped", false, TaskRunState.Killed, "stopped")]
    [InlineData(null, null, false, TaskRunState.Failed, "unknown")]
    public void Exit_codes_read_as_states_and_reasons(int? exitCode, string? stopReason, bool oom, TaskRunState state, string reason) =>
        Assert.Equal((state, reason), TaskRunner.Describe(exitCode, stopReason, oom, "unknown"));
}
