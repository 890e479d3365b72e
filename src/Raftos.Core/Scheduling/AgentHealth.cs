namespace Raftos.Core.Scheduling;

/// <summary>What the failure detector thinks of an agent.</summary>
public enum AgentHealth
{
    /// <summary>Heard from recently.</summary>
    Alive = 1,

    /// <summary>Silent past the suspect timeout: shown, not yet acted on.</summary>
    Suspect = 2,

    /// <summary>Silent past the lost timeout: to be declared lost.</summary>
    Lost = 3,
}
