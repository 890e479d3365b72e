using System.CommandLine;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos events</c>: follow the cluster's state changes, one line per event, until interrupted.</summary>
public static class EventsCli
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var index = IndexOption();
        var topic = new Option<string[]>("--topic")
        {
            Description = "Only events of these kinds: agent, job, task, kv, master (repeat or comma-separate)",
            AllowMultipleArgumentsPerToken = true,
        };
        return new Command("events", "Follow state changes as they are applied (--json: one JSON object per line)") { index, topic }
            .Runs(async (cli, token) =>
            {
                var topics = (cli.Result.GetValue(topic) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
                await FollowAsync(cli, cli.Result.GetValue(index), topics, _ => true, token).ConfigureAwait(false);
                return 0;
            });
    }

    /// <summary>The <c>--index</c> option of commands that follow events.</summary>
    public static Option<long?> IndexOption() => new("--index") { Description = "Start after this log index (default: from now; 0: from the start the masters still hold)" };

    /// <summary>Prints the events after <paramref name="from"/> (null: from now) that pass <paramref name="shown"/>, until cancelled.</summary>
    public static async Task FollowAsync(CliContext cli, long? from, IReadOnlyCollection<string> topics, Func<RaftosEvent, bool> shown, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(shown);
        var start = from ?? (await cli.Client.Cluster.GetAsync(token).ConfigureAwait(false)).AppliedIndex;
        try
        {
            await foreach (var item in cli.Client.WatchEventsAsync(start, topics, token).ConfigureAwait(false))
            {
                if (!item.IsReset && !shown(item))
                    continue;
                await cli.Output.WriteLineAsync(cli.Json ? EventLines.Json(item) : EventLines.Human(item)).ConfigureAwait(false);
                await cli.Output.FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Interrupted: the normal way to stop following.
        }
    }
}
