using Raftos.Master.Api;

namespace Raftos.Master.Events;

/// <summary>Data of a <c>task</c> event: <see cref="Change"/> is the state the task entered.</summary>
public sealed record TaskEvent(long Index, string Change, TaskView Task);
