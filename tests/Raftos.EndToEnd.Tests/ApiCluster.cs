using System.Net;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// One small cluster (3 masters, 1 agent) for the tests of the API's answers. The bad-input
/// tests check that they change nothing; the others leave the cluster settled as they found
/// it: their jobs stopped with every task ended, their roles removed.
/// </summary>
public sealed class ApiCluster : IAsyncLifetime
{
    /// <summary>The test collection sharing the cluster.</summary>
    public const string Name = "api cluster";

    internal TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync(new NullOutput(), agents: 1, agentCpuMillis: 2000, agentMemoryMb: 4096);
        Assert.Equal(HttpStatusCode.OK, (await Cluster.Http.PutAsync(Cluster.Masters[1].HttpUrl, "existing", "original")).Status);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class NullOutput : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}

/// <summary>The test classes that share <see cref="ApiCluster"/>.</summary>
[CollectionDefinition(ApiCluster.Name)]
public sealed class ApiClusterUsers : ICollectionFixture<ApiCluster>;
