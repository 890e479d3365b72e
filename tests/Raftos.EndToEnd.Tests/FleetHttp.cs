using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Raftos.EndToEnd.Tests;

/// <summary>The job, task and agent calls of the fleet tests.</summary>
internal static class FleetHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record TaskView(string Id, string JobId, string Slot, string State, string Desired, string? AgentId, long Epoch, int? ExitCode, string Reason);

    public sealed record AgentView(string Id, string Status, bool Draining, int Tasks);

    public static string ServiceJob(string id, int count, string strategy = "spread", int memoryMb = 32, string command = "sleep", params string[] args)
        => JsonSerializer.Serialize(new
        {
            id,
            type = "service",
            count,
            strategy,
            task = new { command, args = args.Length == 0 ? ["600"] : args, resources = new { cpuMillis = 100, memoryMb } },
        }, Json);

    public static async Task<(HttpStatusCode Status, string Body)> SubmitAsync(this RaftosHttp http, string url, string spec)
    {
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        using var response = await http.Client.PostAsync($"{url}/v1/jobs", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits through any master, retrying across a leader change with the same request id.</summary>
    public static async Task SubmitWithRetriesAsync(this RaftosHttp http, IReadOnlyList<string> urls, string spec, TimeSpan timeout)
    {
        var requestId = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{urls[attempt % urls.Count]}/v1/jobs")
                {
                    Content = new StringContent(spec, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Raftos-Request-Id", requestId);
                using var response = await http.Client.SendAsync(request);
                if (response.IsSuccessStatusCode)
                    return;
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"job submission answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(50);
        }
    }

    public static async Task<List<TaskView>> TasksAsync(this RaftosHttp http, string url, string? job = null)
        => await http.Client.GetFromJsonAsync<List<TaskView>>($"{url}/v1/tasks{(job is null ? "" : $"?job={job}")}", Json) ?? [];

    public static async Task<List<AgentView>> AgentsAsync(this RaftosHttp http, string url)
        => await http.Client.GetFromJsonAsync<List<AgentView>>($"{url}/v1/agents", Json) ?? [];

    /// <summary>Tasks of the job as the first master that answers sees them.</summary>
    public static async Task<List<TaskView>> TasksAsync(this RaftosHttp http, IReadOnlyList<string> urls, string job)
    {
        foreach (var url in urls)
        {
            try
            {
                return await http.TasksAsync(url, job);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }

        throw new HttpRequestException("no master answered");
    }
}
