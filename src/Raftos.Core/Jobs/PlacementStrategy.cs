namespace Raftos.Core.Jobs;

/// <summary>How the scheduler ranks agents that can take a task.</summary>
public enum PlacementStrategy
{
    /// <summary>Best fit: the agent left fullest, so fewer servers carry the load.</summary>
    Binpack = 1,

    /// <summary>The agent with the fewest tasks of the same job, then the least allocated.</summary>
    Spread = 2,
}
