namespace Raftos.Dev;

/// <summary>How to start another raftos process: the apphost itself, or dotnet with raftos.dll.</summary>
public sealed record RaftosExecutable(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>The raftos found next to this assembly (the apphost when present).</summary>
    public static RaftosExecutable Current()
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, "raftos");
        if (File.Exists(apphost))
            return new RaftosExecutable(apphost, []);
        return new RaftosExecutable("dotnet", [Path.Combine(directory, "raftos.dll")]);
    }
}
