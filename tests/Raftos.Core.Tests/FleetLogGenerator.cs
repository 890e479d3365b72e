using System.Globalization;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// A seeded, realistic log of fleet commands: agents joining, dying (going silent until the
/// leader's <see cref="FailureDetector"/> finds them suspect, then lost, and declares them
/// lost), coming back (a refused report under the lost registration, registering again, then
/// a stale report of the tasks they ran before) and drained and undrained; late lost verdicts
/// with current and old epochs; leader changes (the new leader starts with an empty failure
/// detector and its grace period, a fresh scheduler and its own clock); jobs of every type
/// submitted, resubmitted unchanged, scaled, changed and stopped; placement rounds from
/// <see cref="Scheduler.Plan"/> (sometimes planned ahead of the entry's time, truncated, or
/// replayed stale) and random ones; agent reports that follow the tasks' lives and stale or
/// odd ones; retried request ids; invalid commands; a few key-value puts. Entries sit at
/// increasing indexes (with gaps) and carry advancing leader times, sometimes a lagging
/// leader's earlier one. The same seed always gives the same log.
/// </summary>
/// <remarks>
/// A shadow <see cref="ClusterState"/> applies the log as it is made, so commands are built
/// from the state at the start of their entry; it is exposed as <see cref="State"/> for the
/// simulation, which checks invariants on it after every entry. The leader's in-memory state
/// (failure detector, scheduler memory) lives here too, as the real leader keeps it in
/// <c>AgentLiveness</c> and <c>LeaderLoops</c>: never in the log, so a leader change forgets it.
/// </remarks>
internal sealed class FleetLogGenerator
{
    public const long Start = 1_700_000_000_000;

    /// <summary>The longest restart delay a generated spec may ask for.</summary>
    public const int RestartDelayMax = 7000;

    /// <summary>The failure detector's timeouts (the master's defaults are of the same order).</summary>
    public const long SuspectAfterMs = 5000;

    /// <summary>Silence after which the leader declares an agent lost.</summary>
    public const long LostAfterMs = 15_000;

    private static readonly string[] JobIds = ["web", "api", "etl", "cron.daily", "cache", "logs", "metrics", "db"];

    private readonly Random random;
    private readonly ClusterState shadow;
    private readonly List<AgentProfile> agents;
    private readonly Dictionary<string, List<long>> pastEpochs = new(StringComparer.Ordinal);
    private readonly List<Command> remembered = [];
    private readonly HashSet<string> silent = new(StringComparer.Ordinal);
    private readonly Queue<Func<Command>> agentActions = new();
    private readonly Dictionary<string, long> heard = new(StringComparer.Ordinal);
    private FailureDetector detector = new(SuspectAfterMs, LostAfterMs);
    private PlaceTasks? lastPlacement;
    private long leaderSince;
    private long leaderClockSkew;
    private long index;
    private long now = Start;
    private int requests;
    private int changes;

    public FleetLogGenerator(int seed, int rememberedRequestsMax = Limits.RememberedRequestsMax)
    {
        random = new Random(seed);
        shadow = new ClusterState(rememberedRequestsMax);
        agents = [.. Enumerable.Range(1, random.Next(3, 8)).Select(i => NewProfile($"a{i}"))];
    }

    /// <summary>The state after every entry generated so far.</summary>
    public ClusterState State => shadow;

    /// <summary>The generator's clock (the latest leader time handed out).</summary>
    public long Now => now;

    /// <summary>The last index handed out.</summary>
    public long Index => index;

    /// <summary>How many times leadership changed.</summary>
    public int LeaderChanges { get; private set; }

    /// <summary>When the current leader took over (on the generator's clock).</summary>
    public long LeaderSince => leaderSince;

    /// <summary>The current leader's failure detector (in memory only, like the real leader's).</summary>
    public FailureDetector Detector => detector;

    /// <summary>Agents whose process is down or cut off: they neither heartbeat nor report.</summary>
    public IReadOnlySet<string> Silent => silent;

    /// <summary>
    /// How long the current leader has not heard from the agent, kept by the generator apart
    /// from the detector: since its last heartbeat or registration, or since the takeover.
    /// </summary>
    public long SilenceOf(string agentId) => now - Math.Max(leaderSince, heard.GetValueOrDefault(agentId, leaderSince));

    /// <summary>Agents the detector declared lost in the entry appended last (the leader's own verdicts).</summary>
    public IReadOnlyList<string> LastVerdicts { get; private set; } = [];

    /// <summary>The results of the entry appended last.</summary>
    public IReadOnlyList<CommandResult> LastResults { get; private set; } = [];

    /// <summary>The next <paramref name="entries"/> log entries.</summary>
    public IReadOnlyList<LogEntry> Generate(int entries)
    {
        var log = new List<LogEntry>(entries);
        for (var i = 0; i < entries; i++)
            log.Add(Next());
        return log;
    }

    /// <summary>The next log entry, already applied to <see cref="State"/>.</summary>
    public LogEntry Next()
    {
        LastVerdicts = [];
        if (index == 0)
        {
            detector.LeadershipStarted(now);
            leaderSince = now;
            return Append(0, [.. agents.Take(3).Select(Register)]);
        }

        var advance = random.Next(20) switch
        {
            < 2 => 0,
            < 12 => random.Next(1, 500),
            < 19 => random.Next(500, 3000),
            _ => random.Next(3000, 20_000),
        };
        if (random.Next(50) == 0)
            ChangeLeader();
        now += advance;
        Heartbeats();
        LifeAndDeath();

        // The detector runs every 100 ms on the leader: whatever it finds lost is declared first.
        var lost = detector.FindLost(shadow.Fleet.Agents.All, now);
        if (lost.Count > 0)
        {
            LastVerdicts = [.. lost.Select(a => a.Id)];
            var verdicts = lost.Select(a => FleetCmd.Lost(a.Id, a.Epoch, string.Create(CultureInfo.InvariantCulture, $"no heartbeat for {(now - detector.LastHeard(a.Id)) / 1000.0:0.0} s"), NewId())).ToArray();
            var entry = Append(0, verdicts);

            // A live agent declared lost (its heartbeats were held up) hears so and comes back.
            foreach (var id in LastVerdicts.Where(id => !silent.Contains(id)))
                ComeBack(id);
            return entry;
        }

        var commands = new Command[random.Next(4) == 0 ? random.Next(2, 5) : 1];
        for (var i = 0; i < commands.Length; i++)
            commands[i] = agentActions.Count > 0 && i == 0 ? agentActions.Dequeue()() : NextCommand();
        return Append(0, commands);
    }

    // A new leader knows no heartbeats and none of the old leader's scheduling memory: its
    // failure detector starts empty with a grace period, as LeaderLoops does on taking over.
    // The election takes a while, its first entry (a no-op) takes an index, and its wall
    // clock may be behind or ahead of the old leader's.
    private void ChangeLeader()
    {
        LeaderChanges++;
        now += random.Next(150, 3000);
        index++;
        detector = new FailureDetector(SuspectAfterMs, LostAfterMs);
        detector.LeadershipStarted(now);
        heard.Clear();
        leaderSince = now;
        leaderClockSkew = random.Next(3) == 0 ? -random.Next(1, 4000) : random.Next(0, 500);
        if (random.Next(2) == 0)
            lastPlacement = null;
    }

    // Live agents heartbeat about every second; now and then one's heartbeats are held up
    // (a slow network), which over a long stretch makes the detector lose a live agent.
    private void Heartbeats()
    {
        foreach (var agent in shadow.Fleet.Agents.All)
        {
            if (agent.Status == AgentStatus.Ready && !silent.Contains(agent.Id) && random.Next(25) > 0)
                Heard(agent.Id);
        }
    }

    private void Heard(string agentId)
    {
        detector.Heard(agentId, now);
        heard[agentId] = now;
    }

    // Agents die (go silent) and come back. One that comes back while still registered simply
    // heartbeats again; one that was declared lost meanwhile reports under its old registration,
    // is refused, registers again and then reports the tasks it ran before under their old
    // epochs, as the agent does (AgentService registers again on a conflict).
    private void LifeAndDeath()
    {
        var roll = random.Next(40);
        if (roll < 2)
        {
            var up = shadow.Fleet.Agents.All.Where(a => a.Status == AgentStatus.Ready && !silent.Contains(a.Id)).ToList();
            if (up.Count > 1)
                silent.Add(Pick(up).Id);
        }
        else if (roll < 4 && silent.Count > 0)
        {
            var id = Pick(silent.Order(StringComparer.Ordinal).ToList());
            silent.Remove(id);
            if (shadow.Fleet.Agents.Get(id) is { Status: AgentStatus.Lost })
                ComeBack(id);
        }
    }

    // What a live agent whose registration was declared lost does next, each step built from
    // the state of its own entry: report under the lost registration (refused), register again,
    // then report the tasks it still runs under their old epochs (fenced: they moved away).
    private void ComeBack(string id)
    {
        var old = shadow.Fleet.Agents.Get(id)?.Epoch ?? 1;
        TaskStatusUpdate[] updates = [];
        agentActions.Enqueue(() =>
        {
            updates = [.. shadow.Fleet.Tasks.All.Where(t => t.AgentId == id && t.Epoch >= old)
                .Select(t => FleetCmd.Update(t.Id, t.Epoch, TaskState.Running, reason: "still running after an outage"))];
            return new ReportTaskStates { RequestId = NewId(), AgentId = id, AgentEpoch = old, Updates = updates };
        });
        agentActions.Enqueue(() => Register(agents.First(p => p.Id == id)));
        agentActions.Enqueue(() => new ReportTaskStates
        {
            RequestId = NewId(),
            AgentId = id,
            AgentEpoch = shadow.Fleet.Agents.Get(id)?.Epoch ?? old,
            Updates = updates,
        });
    }

    /// <summary>
    /// Appends an entry holding <paramref name="commands"/>, <paramref name="advanceMs"/> after
    /// the previous one, and applies it to <see cref="State"/>.
    /// </summary>
    public LogEntry Append(long advanceMs, params Command[] commands)
    {
        index += random.Next(6) == 0 ? random.Next(2, 4) : 1;
        now += advanceMs;
        var leaderClock = now + leaderClockSkew;
        var at = random.Next(25) == 0 ? leaderClock - random.Next(1, 5000) : leaderClock;
        var batch = new CommandBatch(commands) { At = at };
        foreach (var command in commands)
        {
            if (command is not null && command.ValidateRequestId() is null)
                remembered.Add(command);
        }

        var epochs = shadow.Fleet.Agents.All.ToDictionary(a => a.Id, a => a.Epoch, StringComparer.Ordinal);
        LastResults = shadow.Apply(batch, index);
        foreach (var agent in shadow.Fleet.Agents.All)
        {
            if (epochs.TryGetValue(agent.Id, out var old) && old != agent.Epoch)
                PastEpochs(agent.Id).Add(old);

            // An applied registration counts as heard (AgentLiveness listens for them).
            if (agent.Epoch == index)
                Heard(agent.Id);
        }

        return new LogEntry(index, batch);
    }

    /// <summary>Commands that bring every agent back: silent ones wake, lost or never registered ones register, draining ones are undrained.</summary>
    public Command[] Healing()
    {
        var commands = new List<Command>();
        silent.Clear();
        agentActions.Clear();
        foreach (var profile in agents)
        {
            var agent = shadow.Fleet.Agents.Get(profile.Id);
            if (agent is null || agent.Status == AgentStatus.Lost)
                commands.Add(Register(profile));
            if (agent is { Draining: true })
                commands.Add(FleetCmd.Drain(profile.Id, draining: false, NewId()));
        }

        return [.. commands];
    }

    private Command NextCommand() => random.Next(100) switch
    {
        < 7 => RegisterSomeone(),
        < 9 => MarkLost(),
        < 13 => Drain(),
        < 23 => Submit(),
        < 24 => random.Next(4) == 0 ? new RemoveRole { RequestId = NewId(), Role = Pick(Roles) } : SetRole(),
        < 27 => Stop(),
        < 45 => PlannedPlacement(),
        < 50 => RandomPlacement(),
        < 78 => HonestReport(),
        < 85 => OddReport(),
        < 91 => Retry(),
        < 96 => Invalid(),
        _ => Cmd.Put($"fleet/{random.Next(5)}", "v", id: NewId()),
    };

    /// <summary>A fresh request id, from the seed like everything else.</summary>
    public string NewId() => $"client-{random.Next(1, 6)}/{++requests}";

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private List<long> PastEpochs(string agentId)
    {
        if (!pastEpochs.TryGetValue(agentId, out var epochs))
            pastEpochs[agentId] = epochs = [];
        return epochs;
    }

    // ---- Agents ----

    private sealed record AgentProfile(string Id, Resources Total)
    {
        public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
    }

    private AgentProfile NewProfile(string id)
    {
        var profile = new AgentProfile(id, new Resources(Pick([1000L, 2000, 4000, 8000]), Pick([1024L, 2048, 4096, 8192])));
        profile.Attributes["rack"] = $"r{random.Next(1, 4)}";
        if (random.Next(3) > 0)
            profile.Attributes["zone"] = $"z{random.Next(1, 3)}";
        var features = new[] { "ssd", "gpu", "nvme" }.Where(_ => random.Next(2) == 0).ToArray();
        if (features.Length > 0)
            profile.Attributes["features"] = string.Join(",", features);
        return profile;
    }

    private RegisterAgent Register(AgentProfile profile)
        => FleetCmd.Agent(profile.Id, profile.Total, new Dictionary<string, string>(profile.Attributes, StringComparer.Ordinal), NewId());

    private RegisterAgent RegisterSomeone()
    {
        // A silent agent sends nothing; the rest join, come back after a wrong verdict, or
        // register again for no reason the cluster can see (a restart).
        var live = agents.Where(a => !silent.Contains(a.Id)).ToList();
        var absent = live.Where(a => shadow.Fleet.Agents.Get(a.Id) is null or { Status: AgentStatus.Lost }).ToList();
        var profile = absent.Count > 0 && random.Next(10) < 7 ? Pick(absent) : Pick(live.Count > 0 ? live : agents);
        if (random.Next(10) == 0)
            profile.Attributes["rack"] = $"r{random.Next(1, 4)}";
        return Register(profile);
    }

    // Verdicts the current detector did not reach: a deposed leader's, committed late, often
    // about an agent that has registered again since.
    private MarkAgentLost MarkLost()
    {
        var registered = shadow.Fleet.Agents.All.ToList();
        if (registered.Count == 0 || random.Next(20) == 0)
            return FleetCmd.Lost(Pick(agents).Id, random.Next(1, 50), "guess", NewId());
        var agent = Pick(registered);
        var past = PastEpochs(agent.Id);
        var epoch = past.Count > 0 && random.Next(2) == 0 ? Pick(past) : agent.Epoch;
        return FleetCmd.Lost(agent.Id, epoch, $"no heartbeat for {random.Next(5, 30)}.0 s", NewId());
    }

    private SetAgentDrain Drain()
    {
        var registered = shadow.Fleet.Agents.All.ToList();
        if (registered.Count == 0)
            return FleetCmd.Drain(Pick(agents).Id, true, NewId());
        var agent = Pick(registered);
        return FleetCmd.Drain(agent.Id, random.Next(5) == 0 ? agent.Draining : !agent.Draining, NewId());
    }

    // ---- Jobs ----

    private SubmitJob Submit()
    {
        var id = Pick(JobIds);
        var current = shadow.Fleet.Jobs.Get(id);
        if (current is null || (current.Stopped && random.Next(2) == 0))
            return FleetCmd.Submit(RandomSpec(id), NewId());
        var spec = random.Next(20) switch
        {
            < 5 => current.Spec,
            < 12 => current.Spec with { Count = random.Next(1, 6) },
            _ => Changed(current.Spec),
        };
        return FleetCmd.Submit(spec, NewId());
    }

    private static readonly string[] Roles = ["default", "team-a", "team-b"];

    // Weights and quotas change under running tasks; a quota may be lowered below what the
    // role holds (nothing is evicted for it, but nothing more is placed).
    private SetRole SetRole()
    {
        // Only team-b ever gets a quota, so most jobs can still reach their count.
        var role = Pick(Roles);
        var quota = role == "team-b";
        return new SetRole
        {
            RequestId = NewId(),
            Role = role,
            Weight = random.Next(1, 5),
            CpuMillisMax = quota && random.Next(2) == 0 ? random.Next(0, 80) * 100 : null,
            MemoryMbMax = quota && random.Next(2) == 0 ? random.Next(0, 80) * 256 : null,
        };
    }

    private JobSpec RandomSpec(string id)
    {
        var type = id switch
        {
            "etl" or "cron.daily" => JobType.Batch,
            "logs" or "metrics" => JobType.System,
            _ => JobType.Service,
        };
        if (random.Next(20) == 0)
            type = Pick([JobType.Service, JobType.Batch, JobType.System]);
        var delay = Pick([0, 100, 500, 1000, 2000]);
        var spread = random.Next(3) == 0;
        return new JobSpec
        {
            Id = id,
            Type = type,
            Priority = random.Next(3) == 0 ? random.Next(JobSpec.PriorityMin, JobSpec.PriorityMax + 1) : 50,
            Role = Pick(Roles),
            Count = random.Next(1, 6),
            Task = new TaskSpec
            {
                Command = "/bin/" + id,
                Args = ["--port", random.Next(8000, 9000).ToString(CultureInfo.InvariantCulture)],
                Resources = RandomResources(type),
                Ports = random.Next(4) switch { 0 => ["http"], 1 => ["http", "admin"], _ => [] },
            },
            Constraints = id == "metrics" ? [Specs.Where("features", "set_contains", "ssd")] : RandomConstraints(),
            Strategy = spread ? PlacementStrategy.Spread : PlacementStrategy.Binpack,
            SpreadBy = spread && random.Next(2) == 0 ? "rack" : string.Empty,
            Restart = new RestartPolicy { Attempts = random.Next(0, 4), DelayMs = delay, MaxDelayMs = Math.Min(RestartDelayMax, delay + Pick([0, 1000, 5000])) },
        };
    }

    private Resources RandomResources(JobType type)
        => type == JobType.System
            ? new Resources(random.Next(1, 4) * 50, random.Next(1, 4) * 32)
            : new Resources(random.Next(1, 17) * 50, random.Next(1, 33) * 32);

    private Constraint[] RandomConstraints() => random.Next(21) switch
    {
        < 13 => [],
        13 => [Specs.Where("rack", "=", "r1")],
        14 => [Specs.Where("rack", "!=", "r2")],
        15 => [Specs.Where("zone", "regexp", "^z[12]$")],
        16 => [Specs.Where("features", "set_contains", "ssd")],
        17 => [Specs.Where("rack", "regexp", "r[23]"), Specs.Where("zone", "!=", "z1")],
        18 => [Specs.Where("features", "set_contains", "gpu,nvme")],
        19 => [new Constraint { Operator = Constraint.DistinctHostsOperator }],
        _ => [Specs.Where("rack", "=", "r9")],
    };

    private JobSpec Changed(JobSpec spec)
    {
        changes++;
        return random.Next(7) switch
        {
            0 => spec.WithArgs("--port", "9999", $"--change={changes}"),
            1 => spec with { Task = spec.Task with { Resources = RandomResources(spec.Type) } },
            2 => spec with { Priority = (spec.Priority + 17) % (JobSpec.PriorityMax + 1) },
            3 => spec with { Strategy = spec.Strategy == PlacementStrategy.Spread ? PlacementStrategy.Binpack : PlacementStrategy.Spread, SpreadBy = string.Empty },
            4 => spec with { Constraints = RandomConstraints(), Count = random.Next(1, 6), MaxUnavailable = 1 },
            5 => spec with { Restart = spec.Restart with { Attempts = random.Next(0, 4) } },
            _ => spec with { Task = spec.Task with { Env = new Dictionary<string, string> { ["CHANGE"] = changes.ToString(CultureInfo.InvariantCulture) } } },
        };
    }

    private StopJob Stop()
        => FleetCmd.Stop(random.Next(8) == 0 ? "ghost" : Pick(JobIds), NewId());

    // ---- Placements ----

    private PlaceTasks PlannedPlacement()
    {
        if (lastPlacement is not null && random.Next(6) == 0)
            return lastPlacement with { RequestId = NewId() };
        // The leader plans with its own wall clock, which may be off the cluster's.
        var leaderClock = now + leaderClockSkew;
        var planNow = random.Next(5) == 0 ? leaderClock + random.Next(0, 3000) : leaderClock;
        var plan = Scheduler.Plan(shadow, planNow, placementsMax: random.Next(4) == 0 ? random.Next(1, 4) : 1000);
        lastPlacement = FleetCmd.Place(plan) with { RequestId = NewId() };
        return lastPlacement;
    }

    private PlaceTasks RandomPlacement()
    {
        var all = shadow.Fleet.Tasks.All.ToList();
        var pending = shadow.Fleet.Tasks.PendingIds.ToList();
        var placements = new List<TaskPlacement>();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var task = random.Next(10) switch
            {
                < 5 when pending.Count > 0 => Pick(pending),
                < 8 when all.Count > 0 => Pick(all).Id,
                _ => "ghost.0.1",
            };
            var agent = random.Next(10) == 0 ? "ghost" : Pick(agents).Id;
            placements.Add(new TaskPlacement(task, agent));
        }

        var blocked = pending.Count > 0 && random.Next(3) == 0 ? [new TaskBlocked(Pick(pending), "a random reason")] : Array.Empty<TaskBlocked>();
        return new PlaceTasks { RequestId = NewId(), Placements = placements, Blocked = blocked };
    }

    // ---- Reports ----

    private Command HonestReport()
    {
        var ready = shadow.Fleet.Agents.All.Where(a => a.Status == AgentStatus.Ready && !silent.Contains(a.Id)).ToList();
        if (ready.Count == 0)
            return RegisterSomeone();
        var agent = Pick(ready);
        var updates = new List<TaskStatusUpdate>();
        foreach (var task in shadow.Fleet.Tasks.OnAgent(agent.Id))
        {
            if (random.Next(10) < 4)
                continue;
            foreach (var state in NextStates(task))
                updates.Add(FleetCmd.Update(task.Id, task.Epoch, state, ExitCode(state), state.Name()));
        }

        if (updates.Count > 0 && random.Next(10) == 0)
            updates.Add(Pick(updates));
        return new ReportTaskStates { RequestId = NewId(), AgentId = agent.Id, AgentEpoch = agent.Epoch, Updates = updates };
    }

    private TaskState[] NextStates(TaskRecord task)
    {
        var roll = random.Next(100);
        if (task.Desired == DesiredState.Stop)
            return roll < 80 ? [TaskState.Killed] : roll < 90 ? [TaskState.Failed] : [];
        var batch = shadow.Fleet.Jobs.Get(task.JobId)?.Spec.Type == JobType.Batch;
        return task.State switch
        {
            TaskState.Assigned => roll switch { < 40 => [TaskState.Starting], < 70 => [TaskState.Starting, TaskState.Running], < 92 => [TaskState.Running], _ => [TaskState.Failed] },
            TaskState.Starting => roll < 80 ? [TaskState.Running] : [TaskState.Failed],
            _ when batch => roll switch { < 25 => [TaskState.Finished], < 35 => [TaskState.Failed], _ => [] },
            _ => roll switch { < 6 => [TaskState.Failed], < 8 => [TaskState.Finished], < 10 => [TaskState.Killed], < 20 => [TaskState.Running], _ => [] },
        };
    }

    private static int? ExitCode(TaskState state) => state switch
    {
        TaskState.Finished => 0,
        TaskState.Failed => 1,
        TaskState.Killed => 137,
        _ => null,
    };

    private Command OddReport()
    {
        var registered = shadow.Fleet.Agents.All.ToList();
        if (registered.Count == 0)
            return RegisterSomeone();
        var agent = Pick(registered);
        var tasks = shadow.Fleet.Tasks.All.ToList();
        var own = tasks.Where(t => t.AgentId == agent.Id).ToList();
        var others = tasks.Where(t => t.AgentId is not null && t.AgentId != agent.Id).ToList();
        var past = PastEpochs(agent.Id);
        var mine = own.Count > 0 ? Pick(own) : null;
        var running = own.FirstOrDefault(t => t.State == TaskState.Running);
        var ended = own.Where(t => t.State.IsTerminal()).ToList();
        TaskStatusUpdate Running(TaskRecord t, long? epoch = null) => FleetCmd.Update(t.Id, epoch ?? t.Epoch, TaskState.Running, reason: "odd");
        ReportTaskStates From(long epoch, params TaskStatusUpdate[] updates) => new() { RequestId = NewId(), AgentId = agent.Id, AgentEpoch = epoch, Updates = updates };

        return random.Next(8) switch
        {
            0 when past.Count > 0 && mine is not null => From(Pick(past), Running(mine)),
            1 when others.Count > 0 => From(agent.Epoch, Running(Pick(others))),
            2 when mine is not null => From(agent.Epoch, Running(mine, mine.Epoch - 1)),
            3 when running is not null => From(agent.Epoch, FleetCmd.Update(running.Id, running.Epoch, TaskState.Starting, reason: "regression")),
            4 when ended.Count > 0 => From(agent.Epoch, Running(Pick(ended))),
            5 when ended.Count > 0 => From(agent.Epoch, FleetCmd.Update(ended[^1].Id, ended[^1].Epoch, TaskState.Finished, 0, "late exit")),
            6 => new ReportTaskStates { RequestId = NewId(), AgentId = "ghost", AgentEpoch = 1, Updates = [] },
            _ => From(agent.Epoch, FleetCmd.Update($"web.0.{random.Next(1, 1000)}", random.Next(1, 100), TaskState.Running, reason: "unknown")),
        };
    }

    // ---- Retries and invalid commands ----

    private Command Retry()
    {
        if (remembered.Count == 0)
            return Stop();
        var earlier = random.Next(10) < 7
            ? remembered[random.Next(Math.Max(0, remembered.Count - 50), remembered.Count)]
            : Pick(remembered);
        return random.Next(5) == 0 ? FleetCmd.Stop(Pick(JobIds), earlier.RequestId) : earlier;
    }

    private Command Invalid() => random.Next(12) switch
    {
        0 => FleetCmd.Agent("A1", requestId: NewId()),
        1 => FleetCmd.Agent("a1", cpu: 0, requestId: NewId()),
        2 => FleetCmd.Submit(Specs.Service("web") with { Count = 0 }, NewId()),
        3 => FleetCmd.Submit(Specs.Service("web").WithConstraints(Specs.Where("rack", "~", "r1")), NewId()),
        4 => FleetCmd.Submit(Specs.Service("web", memory: -1), NewId()),
        5 => FleetCmd.Submit(Specs.Service("web") with { Task = Specs.Service("web").Task with { Command = " " } }, NewId()),
        6 => FleetCmd.Stop("Web", NewId()),
        7 => FleetCmd.Lost("a_1", 1, requestId: NewId()),
        8 => FleetCmd.Drain(string.Empty, requestId: NewId()),
        9 => new ReportTaskStates { RequestId = NewId(), AgentId = Pick(agents).Id, AgentEpoch = 1, Updates = [FleetCmd.Update("web.0.1", 1, TaskState.Pending)] },
        10 => FleetCmd.Stop("web", requestId: string.Empty),
        _ => FleetCmd.Submit(Specs.Service("web").WithConstraints(Specs.Where("rack", "regexp", "(")), NewId()),
    };
}
