namespace Raftos.Master.Events;

/// <summary>
/// The most recent events this master derived, in log order, bounded by count: the oldest are
/// dropped first. <see cref="Floor"/> is the index after which the ring holds every event, so
/// a reader resuming after an index at or above it misses nothing. Thread-safe: the state
/// machine appends, the event streams read.
/// </summary>
public sealed class EventRing
{
    private readonly Lock gate = new();
    private readonly ClusterEvent[] buffer;
    private int start;
    private int count;
    private long floor;
    private long last;

    /// <summary>A ring keeping at most <paramref name="capacity"/> events.</summary>
    public EventRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        buffer = new ClusterEvent[capacity];
    }

    /// <summary>The index after which every event is held.</summary>
    public long Floor
    {
        get
        {
            lock (gate)
                return floor;
        }
    }

    /// <summary>The index of the last entry appended (with or without events).</summary>
    public long Last
    {
        get
        {
            lock (gate)
                return last;
        }
    }

    /// <summary>Appends the events of the entry at <paramref name="index"/> (none for an entry that changed nothing visible).</summary>
    public void Append(long index, IReadOnlyList<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (gate)
        {
            foreach (var item in events)
            {
                if (count == buffer.Length)
                {
                    // The entry of the dropped event is no longer whole: readers must be past it.
                    floor = Math.Max(floor, buffer[start].Index);
                    start = (start + 1) % buffer.Length;
                    count--;
                }

                buffer[(start + count) % buffer.Length] = item;
                count++;
            }

            last = Math.Max(last, index);
        }
    }

    /// <summary>Forgets every event: the state jumped to <paramref name="index"/> (a snapshot was installed).</summary>
    public void Restart(long index)
    {
        lock (gate)
        {
            Array.Clear(buffer);
            start = 0;
            count = 0;
            floor = index;
            last = index;
        }
    }

    /// <summary>
    /// The events after <paramref name="index"/>: at least <paramref name="max"/> when there are
    /// as many, more only to finish the last entry.
    /// </summary>
    public EventPage After(long index, int max)
    {
        lock (gate)
        {
            if (index < floor)
                return new EventPage([], true, last);
            var position = FirstAfter(index);
            var page = new List<ClusterEvent>();
            for (; position < count; position++)
            {
                var item = At(position);
                if (page.Count >= max && item.Index != page[^1].Index)
                    break;
                page.Add(item);
            }

            var through = position < count ? page[^1].Index : Math.Max(index, last);
            return new EventPage(page, false, through);
        }
    }

    private ClusterEvent At(int position) => buffer[(start + position) % buffer.Length];

    // Binary search over the ring, which is sorted by index.
    private int FirstAfter(long index)
    {
        int low = 0, high = count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (At(middle).Index <= index)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }
}
