namespace Raftos.Commands.Cli;

/// <summary>Rows under upper-case headers in columns aligned with spaces.</summary>
public sealed class TableWriter(params string[] headers)
{
    private const string Gap = "  ";

    private readonly List<string[]> rows = [];

    /// <summary>Adds a row of one cell per header.</summary>
    public TableWriter Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
            throw new ArgumentException($"a row has {headers.Length} cells, not {cells.Length}", nameof(cells));
        rows.Add(cells);
        return this;
    }

    /// <summary>Writes the headers and the rows.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var widths = headers.Select((header, column) => rows.Select(r => r[column].Length).Append(header.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
            output.WriteLine(string.Join(Gap, row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
    }
}
