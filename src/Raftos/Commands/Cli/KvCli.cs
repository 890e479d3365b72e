using System.CommandLine;
using System.Globalization;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos kv get|put|del|list|watch</c>: the key-value store.</summary>
public static class KvCli
{
    // A value longer than this is cut in listings.
    private const int ListedValueMax = 60;

    /// <summary>Builds the command.</summary>
    public static Command Create() => new("kv", "The key-value store")
    {
        Get(),
        Put(),
        Delete(),
        List(),
        Watch(),
    };

    private static Command Get()
    {
        var key = new Argument<string>("KEY") { Description = "The key, e.g. app/color" };
        return new Command("get", "Print a key's value") { key }
            .Runs(async (cli, token) =>
            {
                var entry = await cli.Client.KeyValues.GetAsync(cli.Result.GetValue(key)!, token).ConfigureAwait(false);
                return cli.Print(entry, RaftosJsonContext.Default.KeyValue, output => output.WriteLine(entry.Text));
            });
    }

    private static Command Put()
    {
        var key = new Argument<string>("KEY") { Description = "The key, e.g. app/color" };
        var value = new Argument<string>("VALUE") { Description = "The value, as text" };
        var cas = new Option<long?>("--cas") { Description = "Write only if the key's revision is this (0: only if it does not exist)" };
        return new Command("put", "Write a key's value") { key, value, cas }
            .Runs(async (cli, token) =>
            {
                var written = await cli.Client.KeyValues.PutAsync(cli.Result.GetValue(key)!, cli.Result.GetValue(value)!, cli.Result.GetValue(cas), token).ConfigureAwait(false);
                return cli.Print(written, RaftosJsonContext.Default.KeyWriteResult,
                    output => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written.Key} written at revision {written.Revision}")));
            });
    }

    private static Command Delete()
    {
        var key = new Argument<string>("KEY") { Description = "The key" };
        var cas = new Option<long?>("--cas") { Description = "Delete only if the key's revision is this" };
        var command = new Command("del", "Delete a key") { key, cas };
        command.Aliases.Add("delete");
        return command.Runs(async (cli, token) =>
        {
            var deleted = await cli.Client.KeyValues.DeleteAsync(cli.Result.GetValue(key)!, cli.Result.GetValue(cas), token).ConfigureAwait(false);
            return cli.Print(deleted, RaftosJsonContext.Default.KeyWriteResult,
                output => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{deleted.Key} deleted at revision {deleted.Revision}")));
        });
    }

    private static Command List()
    {
        var prefix = new Argument<string>("PREFIX") { Description = "Only keys starting with this (default: every key)", DefaultValueFactory = _ => string.Empty };
        return new Command("list", "List keys by prefix, in key order") { prefix }
            .Runs(async (cli, token) =>
            {
                var entries = await cli.Client.KeyValues.ListAsync(cli.Result.GetValue(prefix) ?? string.Empty, token: token).ConfigureAwait(false);
                return cli.Print(entries, RaftosJsonContext.Default.IReadOnlyListKeyValue, output =>
                {
                    var table = new TableWriter("KEY", "REVISION", "VERSION", "VALUE");
                    foreach (var entry in entries)
                        table.Add(entry.Key, CliText.Number(entry.ModRevision), CliText.Number(entry.Version), Shown(entry));
                    table.Write(output);
                });
            });
    }

    private static Command Watch()
    {
        var prefix = new Argument<string>("KEY|PREFIX") { Description = "The key, or a prefix of the keys, to watch" };
        var index = EventsCli.IndexOption();
        return new Command("watch", "Print each put and delete of the key or of keys under the prefix, until interrupted") { prefix, index }
            .Runs(async (cli, token) =>
            {
                var watched = cli.Result.GetValue(prefix)!;
                await EventsCli.FollowAsync(cli, cli.Result.GetValue(index), ["kv"],
                    e => e.Data.GetProperty("key").GetString()!.StartsWith(watched, StringComparison.Ordinal), token).ConfigureAwait(false);
                return 0;
            });
    }

    // Text on one line as it is; anything else, or anything long, shortened so rows stay rows.
    private static string Shown(KeyValue entry)
    {
        var text = entry.Text;
        if (text.Any(c => char.IsControl(c) || c == '\uFFFD'))
            return string.Create(CultureInfo.InvariantCulture, $"({entry.Value.Length} bytes)");
        return text.Length <= ListedValueMax ? text : text[..(ListedValueMax - 3)] + "...";
    }
}
