using System.Diagnostics;

namespace Raftos.Agent.Tasks;

/// <summary>A task the runner watches, and what the monitor has learnt about it.</summary>
internal sealed class TrackedTask(LaunchRecord record, TaskFiles files, Process? process, MemoryCgroup? cgroup)
{
    private volatile TaskUsage? usage;

    /// <summary>What was launched, and where the process is.</summary>
    public LaunchRecord Record { get; } = record;

    /// <summary>The task's directory.</summary>
    public TaskFiles Files { get; } = files;

    /// <summary>The wrapper process when this runner started it; null when adopted (the process is not our child).</summary>
    public Process? Process { get; } = process;

    /// <summary>The memory cgroup enforcing the limit, if any.</summary>
    public MemoryCgroup? Cgroup { get; } = cgroup;

    /// <summary>Set by a stop request (under the runner's lock): the run then ends as Killed with this reason.</summary>
    public string? StopReason { get; set; }

    /// <summary>Set by the monitor when it killed the task for exceeding its memory limit.</summary>
    public bool KilledForMemory { get; set; }

    /// <summary>CPU ticks and stopwatch timestamp of the sample the next CPU figure is measured from (monitor only).</summary>
    public (long Ticks, long Timestamp)? CpuBaseline { get; set; }

    /// <summary>Completed once the run's end has been reported.</summary>
    public TaskCompletionSource Reported { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The latest usage sample, written by the monitor and read by anyone.</summary>
    public TaskUsage? Usage
    {
        get => usage;
        set => usage = value;
    }

    /// <summary>The task's launch.</summary>
    public TaskLaunch Launch => Record.Launch;

    /// <summary>The wrapper's pid, also the task's process group id.</summary>
    public int Pid => Record.Pid;

    /// <summary>
    /// Whether the wrapper has ended. A child of ours is asked directly; an adopted one is looked
    /// up in /proc, where a zombie or a different start time means it is gone.
    /// </summary>
    public bool HasExited => Process?.HasExited ?? !ProcessGroups.IsAlive(Record.Pid, Record.ProcessStartTime);

    /// <summary>The public view.</summary>
    public RunningTask ToRunningTask() => new(Launch, Pid, Record.StartedAt, Adopted: Process is null);
}
