using Raftos.Core.Commands;

namespace Raftos.Core.State;

/// <summary>
/// The application key-value store. Ordered by key (ordinal) so listing by prefix is cheap
/// and snapshots are byte-identical however the store was built. Values are kept as given:
/// the store owns the arrays of the commands applied to it (decoded from the log).
/// </summary>
public sealed class KeyValueStore
{
    private readonly SortedDictionary<string, KeyValueEntry> entries = new(StringComparer.Ordinal);
    private readonly List<KeyValueChange> entryChanges = [];

    /// <summary>The store revision: incremented by every successful change.</summary>
    public long Revision { get; private set; }

    /// <summary>
    /// The puts and deletes of the last applied entry, in apply order. Not replicated state:
    /// the master derives its event stream from it after each entry.
    /// </summary>
    public IReadOnlyList<KeyValueChange> EntryChanges => entryChanges;

    /// <summary>Number of keys.</summary>
    public int Count => entries.Count;

    /// <summary>The entry for <paramref name="key"/>, if any.</summary>
    public KeyValueEntry? Get(string key) => entries.GetValueOrDefault(key);

    /// <summary>
    /// Up to <paramref name="limit"/> entries whose key starts with <paramref name="prefix"/>, in
    /// key order, after key <paramref name="after"/> if given (the last key of the previous page).
    /// </summary>
    public IReadOnlyList<KeyValueEntry> List(string prefix, int limit, string? after = null)
    {
        var result = new List<KeyValueEntry>(Math.Min(limit, 64));
        foreach (var (key, entry) in entries)
        {
            if (result.Count >= limit)
                break;
            if (after is not null && string.CompareOrdinal(key, after) <= 0)
                continue;
            if (key.StartsWith(prefix, StringComparison.Ordinal))
                result.Add(entry);
            else if (string.CompareOrdinal(key, prefix) > 0)
                break; // keys with the prefix are contiguous in ordinal order: none follow
        }

        return result;
    }

    internal CommandResult Put(PutKey command, long index)
    {
        var current = entries.GetValueOrDefault(command.Key);
        if (command.ExpectedRevision is { } expected && expected != (current?.ModRevision ?? 0))
        {
            return CommandResult.Rejected(index, Rejection.RevisionMismatch(current is null
                ? $"key '{command.Key}' does not exist; expected revision {expected}"
                : $"key '{command.Key}' is at revision {current.ModRevision}; expected {expected}"),
                current?.ModRevision ?? 0);
        }

        Revision++;
        entries[command.Key] = new KeyValueEntry
        {
            Key = command.Key,
            Value = command.Value,
            CreateRevision = current?.CreateRevision ?? Revision,
            ModRevision = Revision,
            Version = (current?.Version ?? 0) + 1,
        };
        entryChanges.Add(new KeyValueChange(command.Key, Revision, command.Value));
        return CommandResult.Ok(index, Revision);
    }

    internal CommandResult Delete(DeleteKey command, long index)
    {
        var current = entries.GetValueOrDefault(command.Key);
        if (current is null)
            return CommandResult.Rejected(index, Rejection.NotFound($"key '{command.Key}' does not exist"));
        if (command.ExpectedRevision is { } expected && expected != current.ModRevision)
        {
            return CommandResult.Rejected(index, Rejection.RevisionMismatch(
                $"key '{command.Key}' is at revision {current.ModRevision}; expected {expected}"), current.ModRevision);
        }

        Revision++;
        entries.Remove(command.Key);
        entryChanges.Add(new KeyValueChange(command.Key, Revision, null));
        return CommandResult.Ok(index, Revision);
    }

    internal IEnumerable<KeyValueEntry> Entries => entries.Values;

    internal void ForgetEntryChanges() => entryChanges.Clear();

    internal void Restore(long revision, IEnumerable<KeyValueEntry> restored)
    {
        Revision = revision;
        foreach (var entry in restored)
        {
            Invariant.Holds(entry.ModRevision <= revision, "a restored key is newer than the store revision");
            Invariant.Holds(entries.TryAdd(entry.Key, entry), "a snapshot holds a key twice");
        }
    }
}
