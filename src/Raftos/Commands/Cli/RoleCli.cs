using System.CommandLine;
using System.Globalization;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos role list|set|remove</c>.</summary>
public static class RoleCli
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("role", "The teams sharing the cluster: weights and quotas")
    {
        List(),
        Set(),
        Remove(),
    };

    private static Command List()
        => new Command("list", "List every role configured or used by a job")
            .Runs(async (cli, token) =>
            {
                var roles = await cli.Client.Roles.ListAsync(token).ConfigureAwait(false);
                return cli.Print(roles, RaftosJsonContext.Default.IReadOnlyListRoleInfo, output =>
                {
                    var table = new TableWriter("NAME", "WEIGHT", "CPU QUOTA", "MEMORY QUOTA MB", "CPU HELD", "MEMORY HELD MB", "SHARE", "JOBS");
                    foreach (var role in roles)
                    {
                        table.Add(role.Name, CliText.Number(role.Weight), CliText.Quota(role.Quota.CpuMillis), CliText.Quota(role.Quota.MemoryMb),
                            CliText.Number(role.Allocated.CpuMillis), CliText.Number(role.Allocated.MemoryMb), Share(role), CliText.Number(role.Jobs));
                    }

                    table.Write(output);
                });
            });

    private static Command Set()
    {
        var name = new Argument<string>("NAME") { Description = "Role name, e.g. team-a" };
        var weight = new Option<int>("--weight") { Description = "Its share under contention, 1 to 1000", Required = true };
        var cpu = new Option<long?>("--cpu") { Description = "Quota: the most CPU its tasks may hold, in millicores (default: no limit)" };
        var memory = new Option<long?>("--memory") { Description = "Quota: the most memory its tasks may hold, in MB (default: no limit)" };
        return new Command("set", "Set a role's weight and quota, replacing what it had") { name, weight, cpu, memory }
            .Runs(async (cli, token) =>
            {
                var (cpuMax, memoryMax) = (cli.Result.GetValue(cpu), cli.Result.GetValue(memory));
                var quota = cpuMax is null && memoryMax is null ? null : new RoleQuota(cpuMax, memoryMax);
                var role = await cli.Client.Roles.SetAsync(cli.Result.GetValue(name)!, cli.Result.GetValue(weight), quota, token).ConfigureAwait(false);
                return cli.Print(role, RaftosJsonContext.Default.RoleInfo, output => new FieldList()
                    .Add("name", role.Name)
                    .Add("weight", CliText.Number(role.Weight))
                    .Add("cpu quota", CliText.Quota(role.Quota.CpuMillis))
                    .Add("memory quota", CliText.Quota(role.Quota.MemoryMb))
                    .Add("held", string.Create(CultureInfo.InvariantCulture, $"{role.Allocated.CpuMillis} millicores, {role.Allocated.MemoryMb} MB"))
                    .Add("dominant share", Share(role))
                    .Add("jobs", CliText.Number(role.Jobs))
                    .Write(output));
            });
    }

    private static Command Remove()
    {
        var name = new Argument<string>("NAME") { Description = "Role name" };
        return new Command("remove", "Put a role back to weight 1 and no quota") { name }
            .Runs(async (cli, token) =>
            {
                var removed = await cli.Client.Roles.RemoveAsync(cli.Result.GetValue(name)!, token).ConfigureAwait(false);
                return cli.Print(removed, RaftosJsonContext.Default.RoleRemoveResult, output => output.WriteLine($"role {removed.Role} is back to weight 1 and no quota"));
            });
    }

    private static string Share(RoleInfo role) => role.DominantShare.ToString("0.####", CultureInfo.InvariantCulture);
}
