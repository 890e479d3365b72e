namespace Raftos.Client.Transport;

/// <summary>
/// The masters a client knows and the one it talks to now: the last that answered, or the
/// leader a master named. Thread-safe.
/// </summary>
internal sealed class MasterList
{
    // Leaders named by 421s are added; a bound keeps odd hints from growing the list.
    private const int MastersMax = 32;

    private readonly Lock gate = new();
    private readonly List<Uri> masters;
    private int current;

    public MasterList(IEnumerable<Uri> masters)
    {
        this.masters = [.. masters];
        if (this.masters.Count == 0)
            throw new ArgumentException("at least one master URL is needed", nameof(masters));
    }

    /// <summary>How many masters are known.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return masters.Count;
        }
    }

    /// <summary>The master to send to next.</summary>
    public Uri Current
    {
        get
        {
            lock (gate)
                return masters[current];
        }
    }

    /// <summary>After <paramref name="failed"/> failed: the next master in turn, unless another call moved on already.</summary>
    public void MoveOn(Uri failed)
    {
        lock (gate)
        {
            if (masters[current] == failed)
                current = (current + 1) % masters.Count;
        }
    }

    /// <summary>Talks to <paramref name="leader"/> from now on, adding it if it was not known. False if the hint is of no use.</summary>
    public bool Follow(Uri leader)
    {
        lock (gate)
        {
            var index = masters.IndexOf(leader);
            if (index < 0)
            {
                if (masters.Count >= MastersMax)
                    return false;
                masters.Add(leader);
                index = masters.Count - 1;
            }

            if (index == current)
                return false;
            current = index;
            return true;
        }
    }
}
