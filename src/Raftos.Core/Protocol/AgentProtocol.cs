namespace Raftos.Core.Protocol;

/// <summary>
/// Paths of the agent protocol, served by every master (JSON over HTTP). Registration and
/// status reports go through the log and work on any master; heartbeats are held in the
/// leader's memory, so a follower answers them with 421 and the leader's URL.
/// </summary>
public static class AgentProtocol
{
    /// <summary>POST <see cref="AgentRegistration"/> → <see cref="AgentRegistered"/>.</summary>
    public const string RegisterPath = "/v1/agent/register";

    /// <summary>POST <see cref="AgentHeartbeat"/> → 200, 409 (register again) or 421 (not the leader).</summary>
    public const string HeartbeatPath = "/v1/agent/heartbeat";

    /// <summary>POST <see cref="TaskStatusReport"/> → <see cref="TaskStatusReportResult"/>, or 409 (register again).</summary>
    public const string StatusPath = "/v1/agent/status";

    /// <summary>GET <c>/v1/agent/{id}/tasks?index=N&amp;epoch=E&amp;wait=ms</c> → <see cref="AgentAssignments"/> once the agent's tasks changed after N.</summary>
    public static string TasksPath(string agentId) => $"/v1/agent/{Uri.EscapeDataString(agentId)}/tasks";

    /// <summary>
    /// Header naming a write so that its retries are applied once. An agent sends one id for all
    /// attempts of one registration: when an attempt that timed out is applied after its retry,
    /// it must not register the agent again under a newer epoch, or the agent's heartbeats are
    /// refused and it registers again, and again.
    /// </summary>
    public const string RequestIdHeader = "X-Raftos-Request-Id";

    /// <summary>Problem extension carrying the leader's URL on a 421.</summary>
    public const string LeaderExtension = "leader";
}
