using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Raftos.Bench;

/// <summary><c>raftos-bench put</c>: throughput and latency of puts at several client counts.</summary>
internal static class PutCommand
{
    public static Command Create()
    {
        var target = SharedOptions.Target();
        var endpoints = SharedOptions.Endpoints();
        var clients = new Option<IReadOnlyList<int>>("--clients")
        {
            Description = "Comma-separated concurrent client counts, run one after another.",
            DefaultValueFactory = _ => [1, 16, 64, 256],
            CustomParser = SharedOptions.ParsePositiveIntegers,
        };
        var duration = SharedOptions.Duration("--duration", TimeSpan.FromSeconds(10), "Measured time per client count.");
        var warmup = SharedOptions.Duration("--warmup", TimeSpan.FromSeconds(2), "Unmeasured load before each measurement.");
        var timeout = SharedOptions.Duration("--timeout", TimeSpan.FromSeconds(10), "Per-request timeout; a timed-out put counts as an error.");
        var valueSize = new Option<int>("--value-size")
        {
            Description = "Bytes of random value per put.",
            DefaultValueFactory = _ => 256,
        };
        valueSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--value-size must be positive.");
            }
        });
        var json = SharedOptions.Json("Also write the results to this JSON file.");

        var command = new Command("put", "Measure put throughput and latency against a cluster.")
        {
            target, endpoints, clients, duration, warmup, timeout, valueSize, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosenTarget = parse.GetValue(target);
            var chosenEndpoints = parse.GetRequiredValue(endpoints);
            var clientCounts = parse.GetRequiredValue(clients);
            var measured = parse.GetValue(duration);
            var warm = parse.GetValue(warmup);
            var bytes = parse.GetValue(valueSize);
            var jsonFile = parse.GetValue(json);

            var maxClients = clientCounts.Max();
            using var http = BenchHttpClientFactory.Create(maxClients, parse.GetValue(timeout));
            var benchmark = new PutBenchmark(KvWriters.For(chosenTarget, http), chosenEndpoints, bytes, maxClients);
            var targetName = TargetName(chosenTarget);

            Console.WriteLine(FormattableString.Invariant($"{"target",-8} {"clients",7} {"puts/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",8}"));
            var runs = new List<PutRunResult>();
            foreach (var count in clientCounts)
            {
                var run = await benchmark.RunAsync(count, warm, measured, cancellationToken);
                runs.Add(run);
                Console.WriteLine(FormattableString.Invariant(
                    $"{targetName,-8} {run.Clients,7} {run.PutsPerSecond,10:F1} {run.P50Ms,8:F2} {run.P99Ms,8:F2} {run.Errors,8}"));
                if (run.FirstError is not null)
                {
                    Console.Error.WriteLine($"  first error at {count.ToString(CultureInfo.InvariantCulture)} clients: {run.FirstError}");
                }
            }

            var result = new PutBenchmarkResult(
                targetName,
                chosenEndpoints.Select(e => e.ToString()).ToList(),
                measured.TotalSeconds,
                warm.TotalSeconds,
                bytes,
                runs);
            if (jsonFile is not null)
            {
                await BenchJsonFiles.WriteAsync(jsonFile, result, BenchJsonContext.Default.PutBenchmarkResult, cancellationToken);
            }

            // A run with no successful put at all means the target was not serving: fail the script, not just the numbers.
            if (runs.Any(r => r.Puts == 0))
            {
                Console.Error.WriteLine("At least one client count completed no successful put.");
                return 1;
            }

            return 0;
        });
        return command;
    }

    public static string TargetName(BenchTarget target) => target.ToString().ToLowerInvariant();
}
