using Raftos.Master.Api;

namespace Raftos.Master.Events;

/// <summary>Data of a <c>job</c> event: <see cref="Change"/> is submitted, updated or stopped; the job without its task list.</summary>
public sealed record JobEvent(long Index, string Change, JobView Job);
