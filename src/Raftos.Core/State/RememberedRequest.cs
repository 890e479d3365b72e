using MessagePack;
using Raftos.Core.Commands;

namespace Raftos.Core.State;

/// <summary>A request id and the answer it got, kept to answer retries identically.</summary>
[MessagePackObject]
public sealed record RememberedRequest(
    [property: Key(0)] string RequestId,
    [property: Key(1)] CommandResult Result);
