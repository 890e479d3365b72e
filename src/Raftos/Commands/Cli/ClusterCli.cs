using System.CommandLine;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos cluster status</c> and <c>raftos cluster masters add|remove</c>.</summary>
public static class ClusterCli
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var masters = new Command("masters", "Add or remove masters, one change at a time")
        {
            Add(),
            Remove(),
        };
        return new Command("cluster", "The masters: leader, term, indexes and membership")
        {
            Status(),
            masters,
        };
    }

    private static Command Status()
        => new Command("status", "Show the leader, term, indexes and every master; exit code 1 when no leader is known")
            .Runs(async (cli, token) =>
            {
                var cluster = await cli.Client.Cluster.GetAsync(token).ConfigureAwait(false);
                cli.Print(cluster, RaftosJsonContext.Default.ClusterInfo, output => Write(cluster, output));
                if (cluster.LeaderId is not null)
                    return 0;
                await cli.FailAsync($"master {cluster.NodeId} knows no leader").ConfigureAwait(false);
                return 1;
            });

    private static void Write(ClusterInfo cluster, TextWriter output)
    {
        new FieldList()
            .Add("leader", cluster.LeaderId ?? "none known")
            .Add("term", CliText.Number(cluster.Term))
            .Add("commit index", CliText.Number(cluster.CommitIndex))
            .Add("applied index", CliText.Number(cluster.AppliedIndex))
            .Add("answered by", cluster.NodeId)
            .Write(output);
        output.WriteLine();
        var table = new TableWriter("ID", "ROLE", "STATUS", "VOTER", "RAFT", "HTTP");
        foreach (var master in cluster.Masters)
            table.Add(CliText.OrDash(master.Id), master.Role, master.Status, CliText.YesNo(master.Voter), master.RaftAddress, CliText.OrDash(master.HttpAddress));
        table.Write(output);
    }

    private static Command Add()
    {
        var id = new Argument<string>("ID") { Description = "Id of the new master, e.g. m4" };
        var raft = new Option<string>("--raft") { Description = "Its Raft endpoint, ip:port", Required = true };
        var http = new Option<string>("--http") { Description = "Its HTTP API URL, e.g. http://10.0.0.4:8101", Required = true };
        return new Command("add", "Add a master already running in join mode (started without --peers)") { id, raft, http }
            .Runs(async (cli, token) =>
            {
                var url = cli.Result.GetValue(http)!;
                if (!Uri.TryCreate(url, UriKind.Absolute, out var httpUrl))
                    throw new CliException($"--http: '{url}' is not a URL such as http://10.0.0.4:8101");
                var master = await cli.Client.Cluster.AddMasterAsync(cli.Result.GetValue(id)!, cli.Result.GetValue(raft)!, httpUrl, token).ConfigureAwait(false);
                return cli.Print(master, RaftosJsonContext.Default.MasterInfo,
                    output => output.WriteLine($"master {master.Id} added (raft {master.RaftAddress}, http {master.HttpAddress})"));
            });
    }

    private static Command Remove()
    {
        var id = new Argument<string>("ID") { Description = "Id of the master to remove; not the leader" };
        return new Command("remove", "Remove a master from the cluster") { id }
            .Runs(async (cli, token) =>
            {
                var removed = await cli.Client.Cluster.RemoveMasterAsync(cli.Result.GetValue(id)!, token).ConfigureAwait(false);
                return cli.Print(removed, RaftosJsonContext.Default.MasterRemoveResult, output => output.WriteLine($"master {removed.Removed} removed"));
            });
    }
}
