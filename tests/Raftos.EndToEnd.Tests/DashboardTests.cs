using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>The dashboard at /ui in a real (headless) browser, following a real cluster live.</summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Job = "ui-web";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Replaced = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A task row as the page shows it.</summary>
    private sealed record TaskRow(string Id, string JobId, string AgentId, string State);

    [Fact]
    public async Task The_dashboard_shows_the_leader_and_a_lost_agents_task_running_elsewhere_without_a_reload()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-chromium.sh (CI runs it before the tests)");
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });

        var url = $"{cluster.MasterUrls[0]}/ui";
        var response = await page.GotoAsync(url);
        Assert.True(response is { Ok: true }, $"GET {url} answered {response?.Status}");
        await page.EvaluateAsync("() => { window.raftosLoadMarker = 42; }");

        // The leader the page marks is the one the cluster reports.
        var leader = await cluster.LeaderAsync();
        await Eventually.HoldsAsync(async () => await page.Locator("[data-testid=leader]").TextContentAsync() == leader.Id,
            Settle, $"the page showing leader {leader.Id}");

        // A job submitted behind the page's back shows up running.
        await cluster.Http.SubmitWithRetriesAsync(cluster.MasterUrls, FleetHttp.ServiceJob(Job, 1), Settle);
        var first = await Eventually.GetAsync(async () => (await TaskRowsAsync(page)).FirstOrDefault(t => t.State == "running" && t.AgentId.Length > 0),
            Settle, $"the page showing a task of {Job} running");
        output.WriteLine($"task {first.Id} running on {first.AgentId}");

        // Its server dies, the agent and its task processes together.
        var started = DateTime.UtcNow;
        var victim = cluster.Agents.Single(a => a.Id == first.AgentId);
        victim.Kill();
        victim.KillTasks();

        var replacement = await Eventually.GetAsync(async () =>
        {
            var rows = await TaskRowsAsync(page);
            var lost = rows.Any(t => t.Id == first.Id && t.State == "lost");
            return lost ? rows.FirstOrDefault(t => t.State == "running" && t.AgentId.Length > 0 && t.AgentId != victim.Id) : null;
        }, Replaced, $"the page showing {first.Id} lost and a replacement running on another agent");
        output.WriteLine($"replacement {replacement.Id} on {replacement.AgentId} shown {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the kill");

        await Eventually.HoldsAsync(async () => await page.Locator($"#agents tr[data-agent-id='{victim.Id}'][data-state=lost]").CountAsync() == 1,
            Settle, $"the page showing agent {victim.Id} lost");
        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.raftosLoadMarker ?? 0"));

        if (Environment.GetEnvironmentVariable("RAFTOS_SCREENSHOT") is { Length: > 0 } path)
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    private static async Task<IReadOnlyList<TaskRow>> TaskRowsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>($$"""
            () => JSON.stringify([...document.querySelectorAll("tr[data-task-id][data-job-id='{{Job}}']")].map(r => ({
              id: r.dataset.taskId, jobId: r.dataset.jobId, agentId: r.dataset.agentId, state: r.dataset.state })))
            """);
        return JsonSerializer.Deserialize<List<TaskRow>>(json, Json) ?? [];
    }
}
