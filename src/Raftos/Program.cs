using System.CommandLine;
using Raftos.Commands;

var root = new RootCommand("Raftos: a Raft-replicated cluster manager.")
{
    MasterCommand.Create(),
    AgentCommand.Create(),
    DevCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
