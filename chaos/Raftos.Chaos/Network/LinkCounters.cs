namespace Raftos.Chaos.Network;

/// <summary>What one <see cref="FaultProxy"/> has carried and done so far, for the report.</summary>
/// <param name="Accepted">Connections accepted and dialled onward.</param>
/// <param name="Refused">Connections accepted while cut and reset at once.</param>
/// <param name="Resets">Open connections reset by a fault (<see cref="FaultProxy.Cut"/>, <see cref="FaultProxy.ResetConnections"/>).</param>
/// <param name="DialFailures">Connections reset because the destination could not be reached.</param>
/// <param name="Open">Connections open now.</param>
/// <param name="BytesForward">Bytes forwarded from the source (the dialling side) to the destination.</param>
/// <param name="BytesBackward">Bytes forwarded from the destination back to the source.</param>
public sealed record LinkCounters(long Accepted, long Refused, long Resets, long DialFailures, int Open, long BytesForward, long BytesBackward);
