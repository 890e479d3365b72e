using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>One log entry: the batch replicated at <see cref="Index"/>.</summary>
internal sealed record LogEntry(long Index, CommandBatch Batch);

/// <summary>
/// A seeded, realistic command log: unconditional puts and deletes over a small key pool (so
/// keys are overwritten and deleted), compare-and-set puts and deletes with right and stale
/// revisions, retried request ids (the same command again, or a different command reusing
/// the id), invalid commands of every kind, and master registrations and removals that
/// sometimes conflict. Batches hold 1 to 50 commands at increasing indexes with gaps (no-op
/// and configuration entries). The same seed always gives the same log.
/// </summary>
/// <remarks>
/// A private shadow <see cref="ClusterState"/> follows the log so that "right" revisions are
/// right when the batch starts (later commands of the same batch may make them stale, as
/// concurrent clients would). It only steers generation; tests never compare against it.
/// </remarks>
internal sealed class CommandLogGenerator
{
    private static readonly string[] KeyPool =
    [
        "a", "a/", "a/b", "A", "app/config", "app/feature/x", "app/feature/y", "jobs/1", "jobs/2", "jobs/3",
        "locks/leader", "ключ/один", "键/二", "emoji/😀", "spaces are fine", new string('k', Limits.KeyBytesMax),
    ];

    private static readonly byte[] OversizedValue = new byte[Limits.ValueBytesMax + 1];

    private readonly Random random;
    private readonly ClusterState shadow = new();
    private readonly List<Command> remembered = [];
    private long index;
    private int requests;
    private int freshKeys;

    public CommandLogGenerator(int seed) => random = new Random(seed);

    /// <summary>The next <paramref name="entries"/> log entries.</summary>
    public IReadOnlyList<LogEntry> Generate(int entries)
    {
        var log = new List<LogEntry>(entries);
        for (var e = 0; e < entries; e++)
        {
            index += random.Next(4) == 0 ? random.Next(2, 5) : 1;
            var commands = new Command[random.Next(1, 51)];
            for (var i = 0; i < commands.Length; i++)
                commands[i] = Next();
            var batch = new CommandBatch(commands);
            shadow.Apply(batch, index);
            log.Add(new LogEntry(index, batch));
        }

        return log;
    }

    private Command Next()
    {
        var roll = random.Next(100);
        var command = roll switch
        {
            < 30 => Put(PoolKey(), cas: null),
            < 40 => PutWithCurrentRevision(),
            < 48 => PutWithStaleRevision(),
            < 60 => Cmd.Delete(random.Next(10) < 7 ? ExistingKey() : PoolKey(), id: NewId()),
            < 65 => DeleteWithCas(),
            < 75 => Retry(),
            < 85 => Invalid(),
            < 92 => Register(),
            < 96 => Cmd.Remove($"m{random.Next(1, 10)}", NewId()),
            _ => Put($"tmp/{++freshKeys}", cas: null),
        };
        if (command is not null && !string.IsNullOrEmpty(command.RequestId) && command.RequestId.Length <= Limits.RequestIdLengthMax)
            remembered.Add(command);
        return command!;
    }

    private string NewId() => $"client-{random.Next(1, 6)}/{++requests}";

    private string PoolKey() => KeyPool[random.Next(KeyPool.Length)];

    private string ExistingKey()
    {
        var keys = shadow.KeyValues.List(string.Empty, int.MaxValue);
        return keys.Count == 0 ? PoolKey() : keys[random.Next(keys.Count)].Key;
    }

    private long CurrentRevision(string key) => shadow.KeyValues.Get(key)?.ModRevision ?? 0;

    private byte[] Value()
    {
        var value = new byte[random.Next(10) == 0 ? 0 : random.Next(1, 65)];
        random.NextBytes(value);
        return value;
    }

    private PutKey Put(string key, long? cas) => new() { RequestId = NewId(), Key = key, Value = Value(), ExpectedRevision = cas };

    private PutKey PutWithCurrentRevision()
    {
        var key = random.Next(4) == 0 ? PoolKey() : ExistingKey();
        return Put(key, CurrentRevision(key));
    }

    private PutKey PutWithStaleRevision()
    {
        var key = random.Next(4) == 0 ? PoolKey() : ExistingKey();
        var current = CurrentRevision(key);
        var stale = current == 0
            ? random.Next(1, (int)Math.Min(shadow.KeyValues.Revision + 3, int.MaxValue))
            : random.Next(3) switch { 0 => 0, 1 => Math.Max(0, current - random.Next(1, 4)), _ => current + random.Next(1, 4) };
        return Put(key, stale == current ? current + 1 : stale);
    }

    private DeleteKey DeleteWithCas()
    {
        var key = ExistingKey();
        var current = CurrentRevision(key);
        return Cmd.Delete(key, random.Next(2) == 0 ? current : current + random.Next(1, 4), NewId());
    }

    /// <summary>A retry: the same command again, or (a client bug) a different command under a used id.</summary>
    private Command Retry()
    {
        if (remembered.Count == 0)
            return Put(PoolKey(), cas: null);
        var earlier = random.Next(10) < 7
            ? remembered[random.Next(Math.Max(0, remembered.Count - 100), remembered.Count)]
            : remembered[random.Next(remembered.Count)];
        return random.Next(4) == 0 ? Put(PoolKey(), cas: null) with { RequestId = earlier.RequestId } : earlier;
    }

    private Command? Invalid() => random.Next(18) switch
    {
        0 => Put(PoolKey(), cas: null) with { RequestId = string.Empty },
        1 => Put(PoolKey(), cas: null) with { RequestId = new string('r', Limits.RequestIdLengthMax + 1) },
        2 => Put(string.Empty, cas: null),
        3 => Put(new string('k', Limits.KeyBytesMax + 1), cas: null),
        4 => Put(new string('é', (Limits.KeyBytesMax / 2) + 1), cas: null),
        5 => Put("bad\nkey", cas: null),
        6 => Put("bad\0key", cas: null),
        7 => Put(PoolKey(), cas: null) with { Value = null! },
        8 => Put(PoolKey(), cas: null) with { Value = OversizedValue },
        9 => Put(PoolKey(), cas: -1),
        10 => Cmd.Delete(PoolKey(), -random.Next(1, 100), NewId()),
        11 => Cmd.Delete("tab\tkey", id: NewId()),
        12 => null,
        13 => Cmd.Register("M1", "10.0.0.1:7000", "http://10.0.0.1:8080", NewId()),
        14 => Cmd.Register("m1", "nowhere", "http://10.0.0.1:8080", NewId()),
        15 => Cmd.Register("m1", "10.0.0.1:7000", "ftp://10.0.0.1", NewId()),
        16 => Cmd.Remove("-m1", NewId()),
        _ => Cmd.Register("m1", "10.0.0.1:70000", "http://10.0.0.1:8080", NewId()),
    };

    private RegisterMaster Register()
    {
        var n = random.Next(1, 10);
        var endpointOf = random.Next(8) == 0 ? random.Next(1, 10) : n;
        var port = random.Next(6) == 0 ? 8081 : 8080;
        return Cmd.Register($"m{n}", $"10.0.0.{endpointOf}:7000", $"http://10.0.0.{n}:{port}", NewId());
    }
}
