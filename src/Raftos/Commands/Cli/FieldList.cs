namespace Raftos.Commands.Cli;

/// <summary>A short block of <c>name: value</c> lines with the values aligned, for one object.</summary>
public sealed class FieldList
{
    private readonly List<(string Name, string Value)> fields = [];

    /// <summary>Adds a line.</summary>
    public FieldList Add(string name, string value)
    {
        fields.Add((name, value));
        return this;
    }

    /// <summary>Writes the lines.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Name.Length) + 1;
        foreach (var (name, value) in fields)
            output.WriteLine($"{(name + ":").PadRight(width)} {value}".TrimEnd());
    }
}
