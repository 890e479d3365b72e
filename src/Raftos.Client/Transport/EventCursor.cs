namespace Raftos.Client.Transport;

/// <summary>
/// Where a watch stands in the event stream, so that it resumes on any master with no gap and
/// no duplicate. A master sends an entry's events together and every master sends the same
/// ones in the same order; a connection may still break in the middle of an entry. So the
/// watch resumes from the entry before the last one it saw events of, and skips as many events
/// of that entry as it had already passed on.
/// </summary>
internal sealed class EventCursor(long from)
{
    private long last = from;
    private int seenOfLast;
    private int toSkip;

    /// <summary>The index to ask for when (re)connecting; call once per connection.</summary>
    public long Resume()
    {
        toSkip = seenOfLast;
        return seenOfLast > 0 ? last - 1 : last;
    }

    /// <summary>Whether an event of the entry at <paramref name="index"/> is new (else it was passed on before).</summary>
    public bool Accept(long index)
    {
        if (index < last)
            return false;
        if (index == last)
        {
            // Events of the entry the watch started after, or ones it passed on before resuming.
            if (toSkip > 0 || seenOfLast == 0)
            {
                toSkip = Math.Max(0, toSkip - 1);
                return false;
            }

            seenOfLast++;
            return true;
        }

        last = index;
        seenOfLast = 1;
        toSkip = 0;
        return true;
    }

    /// <summary>The stream restarted at <paramref name="index"/> (a reset): follow on from there.</summary>
    public void Restart(long index)
    {
        last = index;
        seenOfLast = 0;
        toSkip = 0;
    }
}
