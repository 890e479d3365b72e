using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Raftos.Bench;

/// <summary><c>raftos-bench failover</c>: one leader-kill trial.</summary>
internal static class FailoverCommand
{
    public static Command Create()
    {
        var target = SharedOptions.Target();
        var endpoints = SharedOptions.Endpoints();
        var clusterFile = new Option<FileInfo?>("--cluster-file")
        {
            Description = "raftos only: the cluster.json written by 'raftos dev', which maps master ids to pids.",
        };
        var pids = new Option<IReadOnlyDictionary<Uri, int>?>("--pids")
        {
            Description = "etcd only: comma-separated endpoint=pid pairs, e.g. http://127.0.0.1:2379=1234.",
            CustomParser = ParsePids,
        };
        var timeout = SharedOptions.Duration("--timeout", TimeSpan.FromMilliseconds(250), "Per-put timeout of the writer.");
        var settle = SharedOptions.Duration("--settle", TimeSpan.FromSeconds(2), "Writer run time before the kill.");
        var leaderWait = SharedOptions.Duration("--leader-wait", TimeSpan.FromSeconds(30), "Patience for a serving cluster and a leader before the kill.");
        var maxWait = SharedOptions.Duration("--max-wait", TimeSpan.FromSeconds(30), "Patience for the first successful put after the kill.");
        var valueSize = new Option<int>("--value-size")
        {
            Description = "Bytes of random value per put.",
            DefaultValueFactory = _ => 256,
        };
        var json = SharedOptions.Json("Also write the trial result to this JSON file.");

        var command = new Command("failover", "SIGKILL the leader under a steady writer and time the outage.")
        {
            target, endpoints, clusterFile, pids, timeout, settle, leaderWait, maxWait, valueSize, json,
        };
        command.Validators.Add(result =>
        {
            var chosen = result.GetValue(target);
            if (chosen == BenchTarget.Raftos && result.GetValue(clusterFile) is null)
            {
                result.AddError("--target raftos needs --cluster-file.");
            }

            if (chosen == BenchTarget.Etcd && result.GetValue(pids) is null)
            {
                result.AddError("--target etcd needs --pids.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosenTarget = parse.GetValue(target);
            var chosenEndpoints = parse.GetRequiredValue(endpoints);
            var settings = new FailoverSettings(
                parse.GetValue(timeout),
                parse.GetValue(settle),
                parse.GetValue(leaderWait),
                parse.GetValue(maxWait),
                parse.GetValue(valueSize));

            // Leader discovery must not hang on a stopped member; puts carry their own, shorter timeout.
            using var http = BenchHttpClientFactory.Create(4, TimeSpan.FromSeconds(2));
            ILeaderLocator locator = chosenTarget == BenchTarget.Raftos
                ? new RaftosLeaderLocator(http, chosenEndpoints, parse.GetRequiredValue(clusterFile)!)
                : new EtcdLeaderLocator(http, parse.GetRequiredValue(pids)!);
            var targetName = PutCommand.TargetName(chosenTarget);
            var trial = new FailoverTrial(targetName, KvWriters.For(chosenTarget, http), chosenEndpoints, locator, settings);

            var result = await trial.RunAsync(cancellationToken);
            if (result.Completed)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{targetName} failover: {result.FailoverMs:F1} ms (killed {result.KilledMember} pid {result.KilledPid} at {result.KilledEndpoint}; new leader {result.NewLeader ?? "unknown"}; {result.ErrorsUntilRecovery} failed puts before recovery)"));
            }
            else
            {
                Console.Error.WriteLine($"{targetName} failover trial failed: {result.Failure} (first error after kill: {result.FirstErrorAfterKill ?? "none"})");
            }

            var jsonFile = parse.GetValue(json);
            if (jsonFile is not null)
            {
                await BenchJsonFiles.WriteAsync(jsonFile, result, BenchJsonContext.Default.FailoverTrialResult, cancellationToken);
            }

            return result.Completed ? 0 : 1;
        });
        return command;
    }

    private static Dictionary<Uri, int>? ParsePids(ArgumentResult result)
    {
        var pids = new Dictionary<Uri, int>();
        foreach (var pair in SharedOptions.SplitTokens(result))
        {
            // Split at the last '=' because the endpoint itself never contains one but may contain ':'.
            var separator = pair.LastIndexOf('=');
            if (separator <= 0
                || !int.TryParse(pair.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || !Uri.TryCreate(pair[..separator], UriKind.Absolute, out _))
            {
                result.AddError($"'{pair}' is not endpoint=pid.");
                return null;
            }

            pids[SharedOptions.NormaliseEndpoint(pair[..separator])] = pid;
        }

        return pids;
    }
}
