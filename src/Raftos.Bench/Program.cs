using System.CommandLine;
using Raftos.Bench;

var root = new RootCommand("Load generator for the side-by-side KV benchmark of Raftos and etcd.")
{
    PutCommand.Create(),
    FailoverCommand.Create(),
    ReportCommand.Create(),
    RescheduleCommand.Create(),
    FleetCommand.Create(),
    Raftos.Bench.Scheduling.SchedulerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
