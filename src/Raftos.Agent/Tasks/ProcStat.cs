using System.Globalization;

namespace Raftos.Agent.Tasks;

/// <summary>The fields of /proc/{pid}/stat the task runner uses.</summary>
/// <param name="Pid">Process id (field 1).</param>
/// <param name="State">One-letter state (field 3): R, S, D, Z (zombie), X (dead)...</param>
/// <param name="ParentPid">Parent's pid (field 4).</param>
/// <param name="ProcessGroup">Process group id (field 5).</param>
/// <param name="CpuTicks">utime + stime + cutime + cstime (fields 14 to 17), in clock ticks.</param>
/// <param name="StartTime">Start time after boot (field 22), in clock ticks: with the pid, it names one process across pid reuse.</param>
/// <param name="RssPages">Resident set size (field 24), in pages.</param>
internal readonly record struct ProcStat(int Pid, char State, int ParentPid, int ProcessGroup, long CpuTicks, long StartTime, long RssPages)
{
    // Fields are counted from 1 as in proc(5); the ones after the command name start at field 3.
    private const int FirstFieldAfterName = 3;
    private const int StateField = 3;
    private const int ParentField = 4;
    private const int ProcessGroupField = 5;
    private const int UserTimeField = 14;
    private const int StartTimeField = 22;
    private const int RssField = 24;

    /// <summary>Whether the process has exited and only its zombie (or less) is left.</summary>
    public bool HasExited => State is 'Z' or 'X' or 'x';

    /// <summary>Reads /proc/{pid}/stat; false if the process does not exist (any more).</summary>
    public static bool TryRead(int pid, out ProcStat stat)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stat = default;
            return false;
        }

        return TryParse(text, out stat);
    }

    /// <summary>Parses one /proc/{pid}/stat line. The command name (field 2) may hold spaces and parentheses, so it is skipped up to the last ')'.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcStat stat)
    {
        stat = default;
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open <= 0 || close < open || !TryParseLong(text[..open].Trim(), out var pid))
            return false;

        var rest = text[(close + 1)..].Trim();
        Span<Range> fields = stackalloc Range[RssField - FirstFieldAfterName + 2];
        var count = rest.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count <= RssField - FirstFieldAfterName)
            return false;

        var state = Field(StateField, rest, fields);
        if (state.Length != 1
            || !TryParseLong(Field(ParentField, rest, fields), out var parent)
            || !TryParseLong(Field(ProcessGroupField, rest, fields), out var group)
            || !TryParseLong(Field(StartTimeField, rest, fields), out var startTime)
            || !TryParseLong(Field(RssField, rest, fields), out var rss))
            return false;

        long ticks = 0;
        for (var field = UserTimeField; field < UserTimeField + 4; field++)
        {
            if (!TryParseLong(Field(field, rest, fields), out var value))
                return false;
            ticks += value;
        }

        stat = new ProcStat((int)pid, state[0], (int)parent, (int)group, ticks, startTime, rss);
        return true;
    }

    private static ReadOnlySpan<char> Field(int number, ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges) =>
        line[ranges[number - FirstFieldAfterName]];

    private static bool TryParseLong(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
