using Raftos.Core.Commands;
using Raftos.Core.Jobs;

namespace Raftos.Core.Tests;

/// <summary>
/// An invalid job spec is rejected with the offending field named as a JSON path, identically
/// at the edge and on apply, and creates no job and no task.
/// </summary>
public sealed class JobSpecValidationTests
{
    private static readonly JobSpec Good = Specs.Service("web", 2);

    private static readonly Dictionary<string, (Func<JobSpec> Make, string Field)> Invalid = new()
    {
        ["empty id"] = (() => Good with { Id = string.Empty }, "id"),
        ["upper-case id"] = (() => Good with { Id = "Web" }, "id"),
        ["id with a slash"] = (() => Good with { Id = "web/1" }, "id"),
        ["unknown type"] = (() => Good with { Type = (JobType)9 }, "type"),
        ["type zero"] = (() => Good with { Type = 0 }, "type"),
        ["unknown strategy"] = (() => Good with { Strategy = (PlacementStrategy)7 }, "strategy"),
        ["empty role"] = (() => Good with { Role = string.Empty }, "role"),
        ["priority below range"] = (() => Good with { Priority = JobSpec.PriorityMin - 1 }, "priority"),
        ["priority above range"] = (() => Good with { Priority = JobSpec.PriorityMax + 1 }, "priority"),
        ["count 0"] = (() => Good with { Count = 0 }, "count"),
        ["negative count"] = (() => Good with { Count = -3 }, "count"),
        ["count over the limit"] = (() => Good with { Count = Limits.JobCountMax + 1 }, "count"),
        ["no task"] = (() => Good with { Task = null! }, "task"),
        ["empty command"] = (() => Good with { Task = Good.Task with { Command = string.Empty } }, "task.command"),
        ["blank command"] = (() => Good with { Task = Good.Task with { Command = "  \t" } }, "task.command"),
        ["command with NUL"] = (() => Good with { Task = Good.Task with { Command = "/bin/a\0b" } }, "task.command"),
        ["null argument"] = (() => Good with { Task = Good.Task with { Args = ["ok", null!] } }, "task.args[1]"),
        ["env name with '='"] = (() => Good with { Task = Good.Task with { Env = new Dictionary<string, string> { ["A=B"] = "x" } } }, "task.env"),
        ["empty env name"] = (() => Good with { Task = Good.Task with { Env = new Dictionary<string, string> { [string.Empty] = "x" } } }, "task.env"),
        ["zero cpu"] = (() => Good with { Task = Good.Task with { Resources = new(0, 64) } }, "task.resources.cpuMillis"),
        ["negative cpu"] = (() => Good with { Task = Good.Task with { Resources = new(-100, 64) } }, "task.resources.cpuMillis"),
        ["zero memory"] = (() => Good with { Task = Good.Task with { Resources = new(100, 0) } }, "task.resources.memoryMb"),
        ["negative memory"] = (() => Good with { Task = Good.Task with { Resources = new(100, -64) } }, "task.resources.memoryMb"),
        ["memory over the limit"] = (() => Good with { Task = Good.Task with { Resources = new(100, Limits.ResourceAmountMax + 1L) } }, "task.resources.memoryMb"),
        ["bad constraint operator"] = (() => Good.WithConstraints(Specs.Where("rack", "~", "r1")), "constraints[0].operator"),
        ["constraint without attribute"] = (() => Good.WithConstraints(Specs.Where("rack", "=", "r1"), Specs.Where(string.Empty, "=", "r1")), "constraints[1].attribute"),
        ["invalid regexp"] = (() => Good.WithConstraints(Specs.Where("rack", "regexp", "r[12")), "constraints[0].value"),
        ["regexp with a backreference"] = (() => Good.WithConstraints(Specs.Where("rack", "regexp", @"(r)\1")), "constraints[0].value"),
        ["negative restart attempts"] = (() => Good with { Restart = Good.Restart with { Attempts = -1 } }, "restart.attempts"),
        ["negative restart delay"] = (() => Good with { Restart = Good.Restart with { DelayMs = -1 } }, "restart.delayMs"),
        ["max delay below delay"] = (() => Good with { Restart = Good.Restart with { DelayMs = 5000, MaxDelayMs = 4000 } }, "restart.maxDelayMs"),
    };

    public static TheoryData<string> InvalidCases => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void An_invalid_spec_is_rejected_naming_the_field_and_creates_nothing(string name)
    {
        var (make, field) = Invalid[name];
        var spec = make();
        var replica = FleetReplica.New();
        replica.Register("a1");
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Submit(spec));

        Assert.Equal(RejectionCode.Invalid, result.Rejection?.Code);
        Assert.Equal(field, result.Rejection!.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Detail));
        Assert.Equal(spec.Validate(), result.Rejection);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void An_invalid_resubmission_leaves_the_running_job_alone()
    {
        var replica = FleetReplica.New();
        replica.Submit(Good);
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Submit(Good with { Count = 0 }));

        Assert.Equal("count", result.Rejection?.Field);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_submission_without_a_spec_is_invalid()
        => Assert.Equal("spec", FleetReplica.New().Apply(new SubmitJob { RequestId = Cmd.NewId(), Spec = null! }).Rejection?.Field);

    public static TheoryData<string> ValidCases => ["every operator", "system job with count 0", "priority bounds", "dotted id", "zero delay", "env", "set_contains"];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void A_spec_at_the_edges_is_accepted(string name)
    {
        var spec = name switch
        {
            "every operator" => Good.WithConstraints(
                Specs.Where("rack", "=", "r1"), Specs.Where("zone", "!=", "z9"), Specs.Where("host", "regexp", "^h[0-9]+$"), Specs.Where("features", "set_contains", "ssd,gpu")),
            "system job with count 0" => Specs.System("logs") with { Count = 0 },
            "priority bounds" => Good with { Priority = JobSpec.PriorityMax },
            "dotted id" => Good with { Id = "team.web-1" },
            "zero delay" => Good with { Restart = new RestartPolicy { Attempts = 0, DelayMs = 0, MaxDelayMs = 0 } },
            "env" => Good with { Task = Good.Task with { Env = new Dictionary<string, string> { ["PATH"] = "/bin", ["EMPTY"] = string.Empty } } },
            _ => Good.WithConstraints(new Constraint { Attribute = "features", Operator = Constraint.SetContainsOperator, Value = "ssd" }),
        };

        Assert.Null(spec.Validate());
        Assert.True(FleetReplica.New().Apply(FleetCmd.Submit(spec)).Applied);
    }
}
