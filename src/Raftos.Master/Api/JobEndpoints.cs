using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Tasks;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>POST/GET /v1/jobs, GET/DELETE /v1/jobs/{id}, GET /v1/tasks.</summary>
public static class JobEndpoints
{
    /// <summary>Maps the job and task routes.</summary>
    public static void MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/jobs", SubmitAsync);
        app.MapGet("/v1/jobs", ListAsync).WithBlockingQuery();
        app.MapGet("/v1/jobs/{id}", GetAsync).WithBlockingQuery();
        app.MapDelete("/v1/jobs/{id}", StopAsync);
        app.MapGet("/v1/tasks", TasksAsync).WithBlockingQuery();
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, RaftNode node, CommandSubmitter submitter)
    {
        var body = await BodyReader.ReadAsync(context, node.Options.RequestBodyBytesMax).ConfigureAwait(false);
        if (body.Error is { } tooLarge)
            return tooLarge;
        var (spec, error) = ApiJson.Parse<JobSpec>(body.Bytes!, "job spec");
        if (spec is null)
            return error!;
        var command = new SubmitJob { RequestId = RequestIds.Of(context), Spec = spec };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        if (node.Read(s => Unplaceable(s.Fleet, spec)) is { } impossible)
            return Problems.BadRequest(impossible, "task.resources");

        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[ReadGate.IndexHeader] = result.Index.ToString(CultureInfo.InvariantCulture);
        if (!result.Applied)
            return Problems.From(result);
        if (!await node.WaitForAppliedAsync(result.Index, context.RequestAborted).ConfigureAwait(false))
            return Problems.Unavailable($"the job was accepted at index {result.Index}, but this master has not applied it yet; read it with GET /v1/jobs/{spec.Id}");
        var (view, created) = node.Read(s => s.Fleet.Jobs.Get(spec.Id) is { } job
            ? (FleetViews.Job(s.Fleet, job, withTasks: false), job.CreatedIndex == result.Index)
            : (null, false));
        return created ? Results.Created($"/v1/jobs/{spec.Id}", view) : Results.Ok(view);
    }

    // Rejecting a job that no registered agent could ever hold is kinder than leaving it
    // pending forever. With no agents at all the job is accepted and waits, since agents
    // usually register after the masters start.
    private static string? Unplaceable(Core.State.Fleet fleet, JobSpec spec)
    {
        var agents = fleet.Agents.All;
        if (agents.Count == 0)
            return null;
        var need = spec.Task.Resources;
        if (agents.Any(a => need.FitsIn(a.Total)))
            return null;
        var cpu = agents.Max(a => a.Total.CpuMillis);
        var memory = agents.Max(a => a.Total.MemoryMb);
        return string.Create(CultureInfo.InvariantCulture,
            $"no agent could ever offer {need.CpuMillis} millicores and {need.MemoryMb} MB (the largest offer {cpu} millicores, {memory} MB)");
    }

    private static async Task<IResult> ListAsync(HttpContext context, ReadGate reads)
    {
        var (ok, jobs) = await reads.ReadAsync(context, s => s.Fleet.Jobs.All.Select(j => FleetViews.Job(s.Fleet, j, withTasks: false)).ToList()).ConfigureAwait(false);
        return ok ? Results.Ok(jobs) : Problems.ReadBarrierFailed();
    }

    private static async Task<IResult> GetAsync(HttpContext context, ReadGate reads, string id)
    {
        if (IdRules.Validate(id, "id", "job") is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var (ok, job) = await reads.ReadAsync(context, s => s.Fleet.Jobs.Get(id) is { } j ? FleetViews.Job(s.Fleet, j, withTasks: true) : null).ConfigureAwait(false);
        if (!ok)
            return Problems.ReadBarrierFailed();
        return job is null ? Problems.NotFound($"job '{id}' does not exist") : Results.Ok(job);
    }

    private static async Task<IResult> StopAsync(HttpContext context, CommandSubmitter submitter, string id)
    {
        var command = new StopJob { RequestId = RequestIds.Of(context), JobId = id };
        if (command.Validate() is { } invalid)
            return Problems.BadRequest(invalid.Detail, invalid.Field);
        var result = await submitter.SubmitAsync(command, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[ReadGate.IndexHeader] = result.Index.ToString(CultureInfo.InvariantCulture);
        return result.Applied ? Results.Ok(new { jobId = id, stopped = true, index = result.Index }) : Problems.From(result);
    }

    private static async Task<IResult> TasksAsync(HttpContext context, ReadGate reads, string? job, string? agent, string? state)
    {
        TaskState? wanted = null;
        if (state is not null)
        {
            wanted = Enum.GetValues<TaskState>().Cast<TaskState?>().FirstOrDefault(s => s!.Value.Name() == state);
            if (wanted is null)
                return Problems.BadRequest($"state is one of {string.Join(", ", Enum.GetValues<TaskState>().Select(s => s.Name()))}, not '{state}'", "state");
        }

        var (ok, tasks) = await reads.ReadAsync(context, s =>
        {
            IEnumerable<TaskRecord> all = job is not null ? s.Fleet.Tasks.OfJob(job) : s.Fleet.Tasks.All;
            return all.Where(t => (agent is null || t.AgentId == agent) && (wanted is null || t.State == wanted))
                .OrderBy(t => t.Sequence)
                .Select(FleetViews.Task)
                .ToList();
        }).ConfigureAwait(false);
        return ok ? Results.Ok(tasks) : Problems.ReadBarrierFailed();
    }
}
