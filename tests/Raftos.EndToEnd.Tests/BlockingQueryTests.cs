using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Raftos.EndToEnd.Tests;

/// <summary>Blocking queries: <c>?index=N&amp;wait=</c> answers once the applied index passes N, or after the wait.</summary>
[Collection(ApiCluster.Name)]
public sealed class BlockingQueryTests(ApiCluster fixture)
{
    private readonly TestCluster cluster = fixture.Cluster;

    [Fact]
    public async Task A_blocking_read_answers_as_soon_as_a_write_is_applied()
    {
        var key = $"blocking/{Guid.NewGuid():N}";
        var url = cluster.Masters[2].HttpUrl;
        var first = await cluster.Http.PutAsync(cluster.Masters[0].HttpUrl, key, "one");
        var (_, _, index) = await cluster.Http.GetAsync(url, key);

        var clock = Stopwatch.StartNew();
        var blocked = cluster.Http.Client.GetAsync($"{url}/v1/kv/{key}?index={index}&wait=10s");
        await Eventually.HoldsAsync(async () => (await cluster.Http.PutAsync(cluster.Masters[1].HttpUrl, key, "two")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "the second write");
        using var answer = await blocked;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(IndexOf(answer) > index);
        var value = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString();
        Assert.Equal("two", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value!)));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        await cluster.Http.DeleteAsync(cluster.Masters[0].HttpUrl, key);
    }

    [Fact]
    public async Task A_blocking_read_with_nothing_new_waits_for_the_wait_and_answers_with_the_current_state()
    {
        var url = cluster.Masters[1].HttpUrl;
        using var current = await cluster.Http.Client.GetAsync($"{url}/v1/jobs");
        var index = IndexOf(current);

        var clock = Stopwatch.StartNew();
        using var answer = await cluster.Http.Client.GetAsync($"{url}/v1/jobs?index={index}&wait=1s");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(index, IndexOf(answer));
    }

    [Theory]
    [InlineData("/v1/kv?index=x", "index")]
    [InlineData("/v1/tasks?index=1&wait=soon", "wait")]
    [InlineData("/v1/cluster?index=-1", "index")]
    public async Task A_bad_index_or_wait_is_a_400_naming_it(string path, string field)
    {
        using var answer = await cluster.Http.Client.GetAsync($"{cluster.Masters[0].HttpUrl}{path}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    private static long IndexOf(HttpResponseMessage response)
        => long.Parse(response.Headers.GetValues("X-Raftos-Index").First(), CultureInfo.InvariantCulture);
}
