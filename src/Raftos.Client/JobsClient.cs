using System.Text;
using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>The jobs: <c>/v1/jobs</c>.</summary>
public sealed class JobsClient
{
    private readonly MasterConnection connection;

    internal JobsClient(MasterConnection connection) => this.connection = connection;

    /// <summary>
    /// Submits <paramref name="spec"/>: a new job, or a new version of the job with its id. The
    /// job as accepted (its tasks are placed afterwards; follow them with <see cref="GetAsync"/>).
    /// </summary>
    public Task<JobInfo> SubmitAsync(JobSpec spec, CancellationToken token = default)
        => connection.CallAsync(
            ApiRequest.Json(HttpMethod.Post, "/v1/jobs", Retry.Always, spec, RaftosJsonContext.Default.JobSpec),
            RaftosJsonContext.Default.JobInfo, token);

    /// <summary>Submits a job spec given as JSON text, as written (e.g. read from a file); the server checks every field.</summary>
    public Task<JobInfo> SubmitJsonAsync(string specJson, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(specJson);
        return connection.CallAsync(
            new ApiRequest(HttpMethod.Post, "/v1/jobs", Retry.Always, Encoding.UTF8.GetBytes(specJson), "application/json"),
            RaftosJsonContext.Default.JobInfo, token);
    }

    /// <summary>Every job, without its task list.</summary>
    public Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, "/v1/jobs", Retry.Always), RaftosJsonContext.Default.IReadOnlyListJobInfo, token);

    /// <summary>Job <paramref name="id"/> with every task and its history; a 404 <see cref="RaftosApiException"/> when there is none.</summary>
    public Task<JobInfo> GetAsync(string id, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Get, ApiPaths.Of("/v1/jobs", id), Retry.Always), RaftosJsonContext.Default.JobInfo, token);

    /// <summary>Stops job <paramref name="id"/>: its tasks get SIGTERM, then SIGKILL.</summary>
    public Task<JobStopResult> StopAsync(string id, CancellationToken token = default)
        => connection.CallAsync(new ApiRequest(HttpMethod.Delete, ApiPaths.Of("/v1/jobs", id), Retry.Always), RaftosJsonContext.Default.JobStopResult, token);
}
