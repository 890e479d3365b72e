using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Raftos.Bench;

/// <summary>
/// The fleet run's jobs through the public API: submit them, count their running tasks as the
/// master sees them, stop them. Requests go to any master (followers forward writes) and are
/// retried across a leader change under the same request id.
/// </summary>
internal sealed class FleetJobs(HttpClient http, IReadOnlyList<string> masterUrls, FleetSettings settings)
{
    private const int RequestsInFlightMax = 8;
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> Ids { get; } =
        [.. Enumerable.Range(1, settings.Jobs).Select(i => "bench-fleet-" + i.ToString("D3", CultureInfo.InvariantCulture))];

    /// <summary>Submits every job (service jobs of <c>sleep 3600</c>) and returns once all are accepted.</summary>
    public Task SubmitAsync(CancellationToken token)
        => ForEachJobAsync((index, id) => (HttpMethod.Post, "/v1/jobs", Spec(id, settings.TasksOfJob(index))), token);

    /// <summary>Stops every job; its tasks are asked to stop.</summary>
    public Task StopAsync(CancellationToken token)
        => ForEachJobAsync((_, id) => (HttpMethod.Delete, "/v1/jobs/" + id, null), token);

    /// <summary>Tasks of these jobs in state running, from a linearizable read of the job list.</summary>
    public async Task<long> RunningAsync(CancellationToken token)
    {
        var ours = Ids.ToHashSet(StringComparer.Ordinal);
        using var response = await SendAsync(HttpMethod.Get, "/v1/jobs", null, Guid.NewGuid().ToString("N"), token);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(token));
        return document.RootElement.EnumerateArray()
            .Where(job => ours.Contains(job.GetProperty("id").GetString()!))
            .Sum(job => (long)job.GetProperty("tasks").GetProperty("running").GetInt32());
    }

    private object Spec(string id, int count) => new
    {
        id,
        type = "service",
        count,
        task = new
        {
            command = "sleep",
            args = new[] { "3600" },
            resources = new { cpuMillis = settings.TaskCpuMillis, memoryMb = settings.TaskMemoryMb },
        },
    };

    private Task ForEachJobAsync(Func<int, string, (HttpMethod Method, string Path, object? Body)> request, CancellationToken token)
        => Parallel.ForEachAsync(
            Enumerable.Range(0, Ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlightMax, CancellationToken = token },
            async (index, t) =>
            {
                var (method, path, body) = request(index, Ids[index]);
                using var response = await SendAsync(method, path, body, Guid.NewGuid().ToString("N"), t);
            });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string requestId, CancellationToken token)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        for (var attempt = 0; ; attempt++)
        {
            var master = masterUrls[attempt % masterUrls.Count];
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(master + path));
                request.Headers.Add("X-Raftos-Request-Id", requestId);
                if (body is not null)
                    request.Content = JsonContent.Create(body, options: Json);
                var response = await http.SendAsync(request, token);
                if (response.IsSuccessStatusCode)
                    return response;
                var detail = await response.Content.ReadAsStringAsync(token);
                response.Dispose();
                // A 5xx (no leader, a read barrier that failed during an election) is worth
                // another try; the request id keeps a retried write from applying twice.
                if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {detail}");
            }
            catch (Exception e) when ((e is HttpRequestException || (e is TaskCanceledException && !token.IsCancellationRequested)) && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100, token);
        }
    }
}
