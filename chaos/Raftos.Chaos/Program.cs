namespace Raftos.Chaos;

/// <summary>raftos-chaos: runs a chaos scenario against real processes and checks what it did.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main() => 0;
}
