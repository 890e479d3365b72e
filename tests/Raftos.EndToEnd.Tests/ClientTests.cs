using System.Net;
using Raftos.Client;

namespace Raftos.EndToEnd.Tests;

/// <summary>The .NET client against a real cluster: a dead master passed over, a retried write applied once, errors typed.</summary>
[Collection(ApiCluster.Name)]
public sealed class ClientTests(ApiCluster fixture)
{
    private readonly TestCluster cluster = fixture.Cluster;

    [Fact]
    public async Task A_dead_master_first_in_the_list_is_passed_over_for_one_that_answers()
    {
        var dead = new Uri($"http://127.0.0.1:{LocalPorts.Unused()}");
        using var client = new RaftosClient(new RaftosClientOptions { Masters = [dead, .. cluster.MasterUrls.Select(u => new Uri(u))] });

        var status = await client.Cluster.GetAsync();
        await client.KeyValues.PutAsync("client/found", "yes");

        Assert.NotNull(status.LeaderId);
        Assert.NotEqual(dead, client.CurrentMaster);
        Assert.Equal("yes", (await client.KeyValues.GetAsync("client/found")).Text);
        await client.KeyValues.DeleteAsync("client/found");
    }

    [Fact]
    public async Task A_write_whose_answer_was_lost_is_sent_again_with_its_request_id_and_applied_once()
    {
        using var handler = new FirstAnswerLost(new SocketsHttpHandler());
        using var client = new RaftosClient(new RaftosClientOptions { Masters = [.. cluster.MasterUrls.Select(u => new Uri(u))] }, handler);

        var written = await client.KeyValues.PutAsync("client/once", "v");

        Assert.Equal(2, handler.RequestIds.Count);
        Assert.Single(handler.RequestIds.Distinct());
        var entry = await client.KeyValues.GetAsync("client/once");
        Assert.Equal(1, entry.Version);
        Assert.Equal(written.Revision, entry.ModRevision);
        await client.KeyValues.DeleteAsync("client/once");
    }

    [Fact]
    public async Task A_bad_spec_is_an_exception_naming_the_field_and_a_typed_spec_is_accepted_with_the_defaults()
    {
        using var client = new RaftosClient([.. cluster.MasterUrls]);

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Jobs.SubmitAsync(new JobSpec { Id = "client-bad", Count = 0, Task = new TaskSpec { Command = "sleep" } }));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Invalid request", error.Title);
        Assert.Equal("count", error.Field);
        Assert.StartsWith("count is 1 to ", error.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RaftosApiException>(() => client.Jobs.GetAsync("client-bad"));
        Assert.Equal("job 'client-bad' does not exist (404)", missing.Message);

        // Placed nowhere, it runs nothing: its spec comes back with what the server filled in.
        var job = await client.Jobs.SubmitAsync(new JobSpec
        {
            Id = "client-typed",
            Count = 2,
            Strategy = PlacementStrategy.Spread,
            Task = new TaskSpec { Command = "sleep", Args = ["600"], Resources = new ResourceAmounts(100, 32) },
            Constraints = [new Constraint { Attribute = "rack", Value = "nowhere" }],
        });
        try
        {
            Assert.Equal(JobType.Service, job.Spec.Type);
            Assert.Equal(PlacementStrategy.Spread, job.Spec.Strategy);
            Assert.Equal("default", job.Spec.Role);
            Assert.Equal("=", Assert.Single(job.Spec.Constraints!).Operator);
        }
        finally
        {
            await client.Jobs.StopAsync("client-typed");
            await Eventually.HoldsAsync(async () => (await client.Jobs.GetAsync("client-typed")).Status == "dead", TimeSpan.FromSeconds(30), "client-typed stopped");
        }
    }


    /// <summary>Delivers every request, but loses the answer to the first write, as a dropped connection would.</summary>
    private sealed class FirstAnswerLost(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> RequestIds { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Put)
                return response;
            lock (RequestIds)
                RequestIds.Add(request.Headers.GetValues(RaftosClient.RequestIdHeader).Single());
            if (RequestIds.Count > 1)
                return response;
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "the answer was lost");
        }
    }
}
