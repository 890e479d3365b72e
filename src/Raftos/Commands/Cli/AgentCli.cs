using System.CommandLine;
using System.Globalization;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary>
/// <c>raftos agent list|show|drain|undrain</c>: subcommands of <c>raftos agent</c>, which with
/// no subcommand still runs an agent.
/// </summary>
public static class AgentCli
{
    /// <summary>Adds the subcommands to <paramref name="agent"/>, the command that runs an agent, and returns it.</summary>
    public static Command AddTo(Command agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.Description += " With a subcommand: list, show, drain or undrain the registered agents.";
        agent.Add(List());
        agent.Add(Show());
        agent.Add(Drain("drain", "Drain an agent: it takes no new tasks and its tasks move to other agents", (client, id, token) => client.Agents.DrainAsync(id, token)));
        agent.Add(Drain("undrain", "Undrain an agent: it takes tasks again", (client, id, token) => client.Agents.UndrainAsync(id, token)));
        return agent;
    }

    private static Command List()
        => new Command("list", "List the registered agents with their resources and status")
            .Runs(async (cli, token) =>
            {
                var agents = await cli.Client.Agents.ListAsync(token).ConfigureAwait(false);
                return cli.Print(agents, RaftosJsonContext.Default.IReadOnlyListAgentInfo, output =>
                {
                    var table = new TableWriter("ID", "STATUS", "DRAINING", "TASKS", "CPU (ALLOC/TOTAL)", "MEMORY MB (ALLOC/TOTAL)", "ATTRIBUTES");
                    foreach (var agent in agents)
                    {
                        var (total, allocated) = (agent.Resources.Total, agent.Resources.Allocated);
                        table.Add(agent.Id, agent.Status, CliText.YesNo(agent.Draining), CliText.Number(agent.Tasks),
                            CliText.Share(allocated.CpuMillis, total.CpuMillis), CliText.Share(allocated.MemoryMb, total.MemoryMb), CliText.Attributes(agent.Attributes));
                    }

                    table.Write(output);
                });
            });

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "Agent id" };
        return new Command("show", "Show one agent: status, resources, attributes") { id }
            .Runs(async (cli, token) =>
            {
                var agent = await cli.Client.Agents.GetAsync(cli.Result.GetValue(id)!, token).ConfigureAwait(false);
                return cli.Print(agent, RaftosJsonContext.Default.AgentInfo, output => Write(agent, output));
            });
    }

    private static void Write(AgentInfo agent, TextWriter output)
    {
        var (total, allocated, used) = (agent.Resources.Total, agent.Resources.Allocated, agent.Resources.Used);
        var fields = new FieldList()
            .Add("id", agent.Id)
            .Add("status", agent.Status + (string.IsNullOrEmpty(agent.StatusReason) ? string.Empty : $" ({agent.StatusReason})"))
            .Add("draining", CliText.YesNo(agent.Draining))
            .Add("address", CliText.OrDash(agent.Address))
            .Add("epoch", CliText.Number(agent.Epoch))
            .Add("attributes", CliText.Attributes(agent.Attributes))
            .Add("registered", CliText.Time(agent.RegisteredAt))
            .Add("last heartbeat", agent.LastHeartbeatMsAgo is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.0} s ago") : "-")
            .Add("tasks", CliText.Number(agent.Tasks))
            .Add("cpu", Usage(allocated.CpuMillis, total.CpuMillis, used?.CpuMillis, "millicores"))
            .Add("memory", Usage(allocated.MemoryMb, total.MemoryMb, used?.MemoryMb, "MB"))
            .Add("disk", Usage(allocated.DiskMb, total.DiskMb, null, "MB"));
        fields.Write(output);
    }

    private static string Usage(long allocated, long total, long? used, string unit)
        => string.Create(CultureInfo.InvariantCulture, $"{allocated} of {total} {unit} allocated") + (used is { } u ? string.Create(CultureInfo.InvariantCulture, $", {u} in use") : string.Empty);

    private static Command Drain(string name, string description, Func<RaftosClient, string, CancellationToken, Task<AgentDrainResult>> change)
    {
        var id = new Argument<string>("ID") { Description = "Agent id" };
        return new Command(name, description) { id }
            .Runs(async (cli, token) =>
            {
                var result = await change(cli.Client, cli.Result.GetValue(id)!, token).ConfigureAwait(false);
                return cli.Print(result, RaftosJsonContext.Default.AgentDrainResult, output => output.WriteLine(result.Draining
                    ? $"agent {result.AgentId} is draining: it takes no new tasks and its tasks move to other agents"
                    : $"agent {result.AgentId} takes tasks again"));
            });
    }
}
