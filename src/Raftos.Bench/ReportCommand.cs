using System.CommandLine;

namespace Raftos.Bench;

/// <summary>
/// <c>raftos-bench report</c>: merges put and failover result files into one markdown document, so the
/// benchmark script needs no JSON tooling of its own.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var puts = new Option<FileInfo[]>("--put")
        {
            Description = "Result files of 'put --json', any targets.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var failovers = new Option<FileInfo[]>("--failover")
        {
            Description = "Result files of 'failover --json', any targets, one per trial.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };

        var command = new Command("report", "Render put and failover results as a markdown comparison.")
        {
            puts, failovers,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var putResults = new List<PutBenchmarkResult>();
            foreach (var file in parse.GetValue(puts) ?? [])
            {
                putResults.Add(await BenchJsonFiles.ReadAsync(file, BenchJsonContext.Default.PutBenchmarkResult, cancellationToken));
            }

            var failoverResults = new List<FailoverTrialResult>();
            foreach (var file in parse.GetValue(failovers) ?? [])
            {
                failoverResults.Add(await BenchJsonFiles.ReadAsync(file, BenchJsonContext.Default.FailoverTrialResult, cancellationToken));
            }

            Console.Write(new MarkdownReport(putResults, failoverResults).Render());
            return 0;
        });
        return command;
    }
}
