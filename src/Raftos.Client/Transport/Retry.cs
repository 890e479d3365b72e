namespace Raftos.Client.Transport;

/// <summary>When a request may be sent again.</summary>
internal enum Retry
{
    /// <summary>
    /// Reads, and writes that apply once however often they are sent (the server remembers
    /// their request id, or setting the same thing twice is the same): retried after any
    /// failure and on 503.
    /// </summary>
    Always,

    /// <summary>
    /// Writes that could apply twice: retried only when they certainly were not carried out
    /// (no connection could be made, or a master refused them as not the leader).
    /// </summary>
    IfNotDelivered,
}
