using System.Net;

namespace Raftos.Client.Tests;

/// <summary>Which master a call goes to, and when it is sent again.</summary>
public sealed class RetryTests
{
    private const string Key = """{"key":"k","revision":7}""";

    [Fact]
    public async Task A_421_naming_the_leader_is_followed_and_the_leader_kept_for_the_next_call()
    {
        using var masters = new ScriptedMasters(request => request.RequestUri!.Host == "m3"
            ? ScriptedMasters.Json(HttpStatusCode.OK, Key)
            : ScriptedMasters.Problem(HttpStatusCode.MisdirectedRequest, """{"title":"Not the leader","leader":"http://m3:8101"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2", "m3");

        await client.KeyValues.PutAsync("k", "v");
        await client.KeyValues.PutAsync("k", "w");

        Assert.Equal(["m1", "m3", "m3"], masters.Requests.Select(r => r.Master));
        Assert.Equal(new Uri("http://m3:8101"), client.CurrentMaster);
    }

    [Fact]
    public async Task A_leader_named_in_the_location_header_is_followed_even_when_not_listed()
    {
        using var masters = new ScriptedMasters(request =>
        {
            if (request.RequestUri!.Host == "m9")
                return ScriptedMasters.Json(HttpStatusCode.OK, Key);
            var misdirected = ScriptedMasters.Problem(HttpStatusCode.MisdirectedRequest, """{"title":"Not the leader"}""");
            misdirected.Headers.Location = new Uri("http://m9:8101/v1/kv/k");
            return misdirected;
        });
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        await client.KeyValues.PutAsync("k", "v");

        Assert.Equal(["m1", "m9"], masters.Requests.Select(r => r.Master));
    }

    [Fact]
    public async Task A_dead_master_and_a_503_are_passed_over_with_one_request_id_for_every_attempt()
    {
        using var masters = new ScriptedMasters(request => request.RequestUri!.Host switch
        {
            "m1" => throw ScriptedMasters.Refused(),
            "m2" => ScriptedMasters.Problem(HttpStatusCode.ServiceUnavailable, """{"title":"Unavailable","detail":"no leader is known"}"""),
            _ => ScriptedMasters.Json(HttpStatusCode.OK, Key),
        });
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2", "m3");

        var written = await client.KeyValues.PutAsync("k", "v");

        Assert.Equal(7, written.Revision);
        Assert.Equal(["m1", "m2", "m3"], masters.Requests.Select(r => r.Master));
        Assert.Single(masters.Requests.Select(r => r.RequestId).Distinct());
        Assert.NotNull(masters.Requests[0].RequestId);
    }

    [Fact]
    public async Task Separate_calls_carry_separate_request_ids()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Json(HttpStatusCode.OK, Key));
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        await client.KeyValues.PutAsync("k", "v");
        await client.KeyValues.PutAsync("k", "v");

        Assert.Equal(2, masters.Requests.Select(r => r.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task A_write_safe_to_repeat_is_sent_again_after_a_lost_answer()
    {
        var attempts = 0;
        using var masters = new ScriptedMasters(_ => Interlocked.Increment(ref attempts) == 1
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "the answer was cut off")
            : ScriptedMasters.Json(HttpStatusCode.OK, """{"jobId":"web","stopped":true,"index":12}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        var stopped = await client.Jobs.StopAsync("web");

        Assert.True(stopped.Stopped);
        Assert.Equal(2, masters.Requests.Count);
        Assert.Single(masters.Requests.Select(r => r.RequestId).Distinct());
    }

    [Fact]
    public async Task Removing_a_master_is_not_repeated_when_it_may_have_happened()
    {
        using var masters = new ScriptedMasters(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "the answer was cut off"));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Cluster.RemoveMasterAsync("m2"));

        Assert.Single(masters.Requests);
        Assert.Contains("may or may not have been carried out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_call_that_may_have_happened_the_next_call_goes_to_another_master()
    {
        using var masters = new ScriptedMasters(request => request.RequestUri!.Host == "m1"
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "the answer was cut off")
            : ScriptedMasters.Json(System.Net.HttpStatusCode.OK, """{"removed":"m3"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        await Assert.ThrowsAsync<RaftosApiException>(() => client.Cluster.RemoveMasterAsync("m3"));
        await client.Cluster.RemoveMasterAsync("m3");

        Assert.Equal(["m1", "m2"], masters.Requests.Select(r => r.Master));
    }

    [Fact]
    public async Task Removing_a_master_is_sent_to_the_next_master_when_the_first_cannot_be_reached()
    {
        using var masters = new ScriptedMasters(request => request.RequestUri!.Host == "m1"
            ? throw ScriptedMasters.Refused()
            : ScriptedMasters.Json(HttpStatusCode.OK, """{"removed":"m4"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        Assert.Equal("m4", (await client.Cluster.RemoveMasterAsync("m4")).Removed);
        Assert.Equal(["m1", "m2"], masters.Requests.Select(r => r.Master));
    }

    [Fact]
    public async Task A_503_on_a_write_that_could_apply_twice_is_the_callers_to_retry()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Problem(HttpStatusCode.ServiceUnavailable, """{"title":"Unavailable","detail":"removing master 'm2' did not commit within 30 s"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Cluster.RemoveMasterAsync("m2"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(masters.Requests);
    }

    [Fact]
    public async Task Masters_that_cannot_be_reached_in_two_rounds_are_reported_unreachable()
    {
        using var masters = new ScriptedMasters(_ => throw ScriptedMasters.Refused());
        using var client = ScriptedMasters.ClientOf(masters, "m1", "m2");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Jobs.ListAsync());

        Assert.True(error.IsUnreachable);
        Assert.Null(error.StatusCode);
        Assert.Equal("no master reachable at http://m1:8101, http://m2:8101 (Connection refused)", error.Message);
        Assert.Equal(4, masters.Requests.Count);
    }

    [Fact]
    public async Task A_cluster_without_a_leader_is_retried_until_the_attempts_run_out_and_the_last_answer_reported()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Problem(HttpStatusCode.ServiceUnavailable, """{"title":"Unavailable","detail":"no leader is known; retry shortly"}"""));
        using var client = new RaftosClient(new RaftosClientOptions
        {
            Masters = [new Uri("http://m1:8101"), new Uri("http://m2:8101")],
            AttemptsMax = 5,
            BackoffMin = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(2),
        }, masters);

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Agents.ListAsync());

        Assert.Equal(5, masters.Requests.Count);
        Assert.Equal("no leader is known; retry shortly (503)", error.Message);
    }
}
