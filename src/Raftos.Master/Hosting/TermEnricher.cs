using Raftos.Master.Raft;
using Serilog.Core;
using Serilog.Events;

namespace Raftos.Master.Hosting;

/// <summary>Stamps every log event with the node's current Raft term.</summary>
internal sealed class TermEnricher(Func<RaftNode?> node) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        => logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Term", node()?.Term ?? 0));
}
