using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Raftos.Chaos.Runs;
using Raftos.Commands.Cli;

namespace Raftos.Chaos;

/// <summary>
/// raftos-chaos: runs chaos scenarios against real master and agent processes and checks what
/// they did. Exit code 0 when every invariant held, 1 on a violation, 2 when the run could not
/// be carried out (bad arguments, no network namespaces, a cluster that never came up).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("The Raftos chaos suite: kills, pauses and partitions real masters and agents, and proves the invariants.")
        {
            RunCommand(),
            SuiteCommand(),
        };
        return await root.Parse(args).InvokeAsync();
    }

    private static Option<TimeSpan> DurationOption() => new("--duration")
    {
        Description = "How long faults are injected (e.g. 30s, 5m)",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = DurationText.Parse,
    };

    private static Command RunCommand()
    {
        var scenario = new Option<string>("--scenario") { Description = $"A scenario ({string.Join(", ", Scenarios.All.Keys)}) or one fault kind", DefaultValueFactory = _ => "mixed" };
        var duration = DurationOption();
        var seed = new Option<int?>("--seed") { Description = "Seed of every random choice (default: random, printed)" };
        var masters = new Option<int>("--masters") { Description = "Masters: 3 or 5", DefaultValueFactory = _ => 3 };
        var agents = new Option<int>("--agents") { Description = "Agents", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Directory for logs, histories and the report (default: chaos-runs/<scenario>-<seed>)" };
        var raftos = new Option<string?>("--raftos") { Description = "The raftos binary to test (default: the one built beside the suite)" };
        var command = new Command("run", "Run one scenario and check it") { scenario, duration, seed, masters, agents, output, raftos };
        command.SetAction(async (result, token) =>
        {
            var name = result.GetValue(scenario)!;
            if (Scenarios.KindsOf(name) is null)
                return Usage($"unknown scenario '{name}'; one of {string.Join(", ", Scenarios.All.Keys)} or a fault kind");
            if (result.GetValue(masters) is not (3 or 5))
                return Usage("--masters is 3 or 5");
            var runSeed = result.GetValue(seed) ?? Random.Shared.Next(1, 1_000_000);
            var options = new RunOptions
            {
                Scenario = name,
                Duration = result.GetValue(duration),
                Seed = runSeed,
                Masters = result.GetValue(masters),
                Agents = Math.Max(2, result.GetValue(agents)),
                OutputDir = Path.GetFullPath(result.GetValue(output) ?? Path.Combine("chaos-runs", $"{name}-{runSeed.ToString(CultureInfo.InvariantCulture)}")),
                Raftos = result.GetValue(raftos),
                Command = "raftos-chaos " + string.Join(' ', args(result)),
            };
            return await RunOneAsync(options, token);
        });
        return command;
    }

    private static Command SuiteCommand()
    {
        var duration = DurationOption();
        var seed = new Option<int>("--seed") { Description = "Seed of the first scenario (each next one adds 1)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Directory for every run", DefaultValueFactory = _ => "chaos-runs/suite" };
        var raftos = new Option<string?>("--raftos") { Description = "The raftos binary to test" };
        var command = new Command("suite", $"Run the short suite: {string.Join(", ", Scenarios.Suite)}, one after another") { duration, seed, output, raftos };
        command.SetAction(async (result, token) =>
        {
            var worst = 0;
            var lines = new List<string>();
            for (var i = 0; i < Scenarios.Suite.Count; i++)
            {
                var name = Scenarios.Suite[i];
                var runSeed = result.GetValue(seed) + i;
                var options = new RunOptions
                {
                    Scenario = name,
                    Duration = result.GetValue(duration),
                    Seed = runSeed,
                    OutputDir = Path.GetFullPath(Path.Combine(result.GetValue(output)!, name)),
                    Raftos = result.GetValue(raftos),
                    Command = $"raftos-chaos run --scenario {name} --seed {runSeed.ToString(CultureInfo.InvariantCulture)} --duration {result.GetValue(duration).TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
                };
                var code = await RunOneAsync(options, token);
                lines.Add($"{name,-10} seed {runSeed,-4} {(code == 0 ? "passed" : code == 1 ? "VIOLATION" : "could not run")}  {options.OutputDir}");
                worst = Math.Max(worst, code);
            }

            Console.WriteLine();
            lines.ForEach(Console.WriteLine);
            return worst;
        });
        return command;
    }

    private static IEnumerable<string> args(ParseResult result) => result.Tokens.Select(t => t.Value);

    private static async Task<int> RunOneAsync(RunOptions options, CancellationToken token)
    {
        Console.WriteLine($"chaos run: scenario {options.Scenario}, seed {options.Seed}, {options.Duration.TotalSeconds:0} s of faults; output in {options.OutputDir}");
        try
        {
            var report = await new ChaosRun(options, line => Console.WriteLine(line)).RunAsync(token);
            foreach (var check in report.Checks)
                Console.WriteLine($"  {(check.Passed ? "ok       " : "VIOLATED ")} {check.Checker}: {check.Summary}");
            foreach (var violation in report.Checks.Where(c => !c.Passed).SelectMany(c => c.Violations.Take(5).Select(v => $"{c.Checker}: {v}")))
                Console.WriteLine($"    {violation}");
            Console.WriteLine($"{(report.Passed ? "PASSED" : "FAILED")}: {options.Scenario}, seed {options.Seed}; report {Path.Combine(options.OutputDir, "report.md")}");
            return report.Passed ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or ArgumentException or IOException or Client.RaftosApiException)
        {
            await Console.Error.WriteLineAsync($"raftos-chaos: {options.Scenario}, seed {options.Seed} could not be run: {e.Message} (details in {Path.Combine(options.OutputDir, "error.txt")})");
            if (Directory.Exists(options.OutputDir))
                await File.WriteAllTextAsync(Path.Combine(options.OutputDir, "error.txt"), e.ToString(), CancellationToken.None);
            return 2;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            // A bug in the suite itself: say so loudly, with everything needed to find it.
            await Console.Error.WriteLineAsync($"raftos-chaos: {options.Scenario}, seed {options.Seed} failed inside the suite: {e}");
            return 2;
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"raftos-chaos: {message}");
        return 2;
    }
}
