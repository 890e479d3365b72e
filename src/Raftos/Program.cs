using System.CommandLine;
using Raftos.Commands;
using Raftos.Commands.Cli;

var root = new RootCommand("Raftos: a Raft-replicated cluster manager.")
{
    MasterCommand.Create(),
    AgentCli.AddTo(AgentCommand.Create()),
    DevCommand.Create(),
    ClusterCli.Create(),
    JobCli.Create(),
    TaskCli.Create(),
    RoleCli.Create(),
    KvCli.Create(),
    EventsCli.Create(),
    SnapshotCli.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
