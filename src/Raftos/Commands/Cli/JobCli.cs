using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos job run|list|status|stop</c>.</summary>
public static class JobCli
{
    /// <summary>Exit code of <c>job run</c> when a task cannot be placed (1 is for errors and failures).</summary>
    public const int UnplaceableExitCode = 2;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // Until the API has blocking queries, job run asks for the job this often.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Builds the command.</summary>
    public static Command Create() => new("job", "Submit, list, inspect and stop jobs")
    {
        Run(),
        List(),
        Status(),
        Stop(),
    };

    private static Command Run()
    {
        var file = new Argument<string>("FILE") { Description = "A JSON job spec, e.g. {\"id\": \"web\", \"count\": 3, \"task\": {\"command\": \"python3\", \"args\": [\"-m\", \"http.server\", \"0\"]}}" };
        var detach = new Option<bool>("--detach") { Description = "Return once the job is accepted, without waiting for its tasks" };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "How long to wait for every task to run, e.g. 90s or 5m (default 60s)",
            CustomParser = result => DurationText.Parse(result),
        };
        return new Command("run", $"Submit a job and follow it until every task runs (exit 0), a task cannot be placed (exit {UnplaceableExitCode}) or fails (exit 1)")
        {
            file, detach, timeout,
        }.Runs(async (cli, token) =>
        {
            var path = cli.Result.GetValue(file)!;
            JobInfo job;
            try
            {
                job = await cli.Client.Jobs.SubmitJsonAsync(ReadSpec(path), token).ConfigureAwait(false);
            }
            catch (RaftosApiException e) when (e.StatusCode == HttpStatusCode.BadRequest)
            {
                throw new CliException($"job file '{path}' is refused: {e.Message}", e);
            }

            var submitted = string.Create(CultureInfo.InvariantCulture, $"job {job.Id} submitted: version {job.Version}");
            if (cli.Result.GetValue(detach))
                return cli.Print(job, RaftosJsonContext.Default.JobInfo, output => output.WriteLine(submitted));
            if (!cli.Json)
                await cli.Output.WriteLineAsync(submitted).ConfigureAwait(false);
            return await FollowAsync(cli, job.Id, cli.Result.GetValue(timeout) ?? DefaultTimeout, token).ConfigureAwait(false);
        });
    }

    // The file is checked to be JSON here, where its line and position can be named; its
    // fields are the masters' to check.
    private static string ReadSpec(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read job file '{path}': {e.Message}", e);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? text
                : throw new CliException($"job file '{path}' holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not a job spec object");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {e.BytePositionInLine + 1}") : string.Empty;
            throw new CliException($"job file '{path}' is not valid JSON{where}", e);
        }
    }

    private static async Task<int> FollowAsync(CliContext cli, string id, TimeSpan timeout, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        JobInfo? job = null;
        JobProgress? progress = null;
        try
        {
            while (true)
            {
                job = await cli.Client.Jobs.GetAsync(id, deadline.Token).ConfigureAwait(false);
                var previous = progress;
                progress = JobProgress.Of(job);
                if (!cli.Json && progress.Summary != previous?.Summary)
                    await cli.Output.WriteLineAsync($"{id}: {progress.Summary}").ConfigureAwait(false);
                if (progress.Outcome != JobOutcome.Waiting)
                    break;
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            await cli.FailAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: not every task runs after {timeout.TotalSeconds:0.#} s ({progress?.Summary ?? "no answer"})")).ConfigureAwait(false);
            return 1;
        }

        if (cli.Json)
            cli.WriteJson(job, RaftosJsonContext.Default.JobInfo);
        switch (progress.Outcome)
        {
            case JobOutcome.Running:
                if (!cli.Json)
                    await cli.Output.WriteLineAsync($"job {id}: every task runs").ConfigureAwait(false);
                return 0;
            case JobOutcome.Unplaceable:
                await cli.FailAsync($"job {id} cannot be placed: {progress.Problem}").ConfigureAwait(false);
                return UnplaceableExitCode;
            default:
                await cli.FailAsync($"job {id}: {progress.Problem}").ConfigureAwait(false);
                return 1;
        }
    }

    private static Command List()
        => new Command("list", "List the jobs with their status and task counts")
            .Runs(async (cli, token) =>
            {
                var jobs = await cli.Client.Jobs.ListAsync(token).ConfigureAwait(false);
                return cli.Print(jobs, RaftosJsonContext.Default.IReadOnlyListJobInfo, output =>
                {
                    var table = new TableWriter("ID", "TYPE", "ROLE", "PRIORITY", "STATUS", "VERSION", "TASKS");
                    foreach (var job in jobs)
                    {
                        table.Add(job.Id, TypeName(job.Spec), job.Spec.Role ?? "-", CliText.Number(job.Spec.Priority), job.Status,
                            CliText.Number(job.Version), CliText.Counts(job.Tasks));
                    }

                    table.Write(output);
                });
            });

    private static Command Status()
    {
        var id = new Argument<string>("ID") { Description = "Job id" };
        return new Command("status", "Show a job: status, spec, placement and every task") { id }
            .Runs(async (cli, token) =>
            {
                var job = await cli.Client.Jobs.GetAsync(cli.Result.GetValue(id)!, token).ConfigureAwait(false);
                return cli.Print(job, RaftosJsonContext.Default.JobInfo, output => Write(job, output));
            });
    }

    private static void Write(JobInfo job, TextWriter output)
    {
        var spec = job.Spec;
        var fields = new FieldList()
            .Add("id", job.Id)
            .Add("status", job.Status)
            .Add("type", TypeName(spec))
            .Add("role", spec.Role ?? "-")
            .Add("priority", CliText.Number(spec.Priority))
            .Add("version", CliText.Number(job.Version))
            .Add("count", spec.Type == JobType.System ? "one per eligible agent" : CliText.Number(spec.Count))
            .Add("command", CliText.CommandLine(spec.Task))
            .Add("submitted", CliText.Time(job.SubmittedAt))
            .Add("updated", CliText.Time(job.UpdatedAt))
            .Add("tasks", CliText.Counts(job.Tasks))
            .Add("placement", string.Create(CultureInfo.InvariantCulture, $"{job.Placement.Pending} pending, {job.Placement.Running} running"));
        foreach (var reason in job.Placement.Reasons)
            fields.Add("waiting", string.Create(CultureInfo.InvariantCulture, $"{reason.Reason} ({reason.Tasks} task{(reason.Tasks == 1 ? string.Empty : "s")})"));
        fields.Write(output);
        output.WriteLine();
        TaskCli.Table(job.TaskList ?? []).Write(output);
    }

    private static string TypeName(JobSpec spec) => (spec.Type ?? JobType.Service).ToString().ToLowerInvariant();

    private static Command Stop()
    {
        var id = new Argument<string>("ID") { Description = "Job id" };
        return new Command("stop", "Stop a job: its tasks get SIGTERM, then SIGKILL") { id }
            .Runs(async (cli, token) =>
            {
                var stopped = await cli.Client.Jobs.StopAsync(cli.Result.GetValue(id)!, token).ConfigureAwait(false);
                return cli.Print(stopped, RaftosJsonContext.Default.JobStopResult, output => output.WriteLine($"job {stopped.JobId} stopped; its tasks are being killed"));
            });
    }
}
