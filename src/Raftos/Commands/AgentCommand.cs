using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Raftos.Agent;

namespace Raftos.Commands;

/// <summary><c>raftos agent</c>: runs one agent until SIGTERM or Ctrl-C. Its tasks keep running when it stops.</summary>
public static class AgentCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Agent id (Agent:Id); default: the one kept in the data directory, or a new one" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for the agent id, task records and task output (Agent:DataDir)" };
        var masters = new Option<string?>("--masters") { Description = "Comma-separated master HTTP URLs; any of them will do (Agent:Masters)" };
        var http = new Option<string?>("--http") { Description = "URL the task output endpoint listens on (Agent:Http, default http://0.0.0.0:8200; port 0: any free port)" };
        var address = new Option<string?>("--address") { Description = "URL masters reach that endpoint at (Agent:Address; default: the bound URL, a wildcard host replaced by the machine's name)" };
        var cpu = new Option<long?>("--cpu") { Description = "CPU to offer, in millicores (default: every core)" };
        var memory = new Option<long?>("--memory") { Description = "Memory to offer, in MB (default: all of it)" };
        var portsMin = new Option<int?>("--ports-min") { Description = "Lowest port handed to tasks (Agent:PortsMin, default 20000)" };
        var portsMax = new Option<int?>("--ports-max") { Description = "Highest port handed to tasks (Agent:PortsMax, default 31999)" };
        var attributes = new Option<string[]>("--attribute") { Description = "An attribute name=value, e.g. rack=r1; repeatable", AllowMultipleArgumentsPerToken = false };
        var config = new Option<string?>("--config") { Description = "A JSON settings file (same shape as appsettings.json)" };
        var logFormat = new Option<string?>("--log-format") { Description = "Console log format: text (default) or json, one object a line (Agent:LogFormat)" };
        var exitWithParent = new Option<int?>("--exit-with-parent") { Description = "Stop when this process id exits (used by raftos dev)", Hidden = true };

        var command = new Command("agent", "Run an agent: registers with the masters, runs the tasks they assign, reports their state.")
        {
            id, dataDir, masters, http, address, cpu, memory, portsMin, portsMax, attributes, config, logFormat, exitWithParent,
        };
        command.SetAction(async (result, token) =>
        {
            var flags = new Dictionary<string, string?>();
            void Flag(string key, string? value)
            {
                if (value is not null)
                    flags[$"{AgentHost.Section}:{key}"] = value;
            }

            Flag("Id", result.GetValue(id));
            Flag("DataDir", result.GetValue(dataDir));
            Flag("LogFormat", result.GetValue(logFormat));
            Flag("Http", result.GetValue(http));
            Flag("Address", result.GetValue(address));
            Flag("CpuMillis", result.GetValue(cpu)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Flag("MemoryMb", result.GetValue(memory)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Flag("PortsMin", result.GetValue(portsMin)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Flag("PortsMax", result.GetValue(portsMax)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var masterList = result.GetValue(masters)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < (masterList?.Length ?? 0); i++)
                Flag($"Masters:{i}", masterList![i]);
            foreach (var attribute in result.GetValue(attributes) ?? [])
            {
                var equals = attribute.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await Console.Error.WriteLineAsync($"raftos agent: --attribute takes name=value, not '{attribute}'").ConfigureAwait(false);
                    return 2;
                }

                Flag($"Attributes:{attribute[..equals]}", attribute[(equals + 1)..]);
            }

            IHost host;
            try
            {
                host = AgentHost.Build(RaftosConfiguration.Load(result.GetValue(config), flags));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"raftos agent: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            using (host)
            {
                if (result.GetValue(exitWithParent) is { } parent)
                    _ = ParentWatch.StopWhenGoneAsync(parent, host, token);
                await host.RunAsync(token).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
