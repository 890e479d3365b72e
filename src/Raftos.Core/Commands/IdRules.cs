namespace Raftos.Core.Commands;

/// <summary>
/// What ids of masters, agents and jobs may be: 1 to <see cref="Limits.IdLengthMax"/>
/// characters of lower-case letters, digits, '-' and '.', starting with a letter or digit.
/// They appear in URLs, file names and log lines, so they stay plain.
/// </summary>
public static class IdRules
{
    /// <summary>Null when <paramref name="id"/> is acceptable; else a rejection naming <paramref name="field"/>.</summary>
    public static Rejection? Validate(string? id, string field, string noun)
    {
        if (string.IsNullOrEmpty(id))
            return Rejection.Invalid(field, $"{Article(noun)} {noun} id is required");
        if (id.Length > Limits.IdLengthMax)
            return Rejection.Invalid(field, $"{Article(noun)} {noun} id is at most {Limits.IdLengthMax} characters");
        if (id[0] is '-' or '.')
            return Rejection.Invalid(field, $"{Article(noun)} {noun} id starts with a letter or digit");
        foreach (var c in id)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c is '-' or '.'))
                return Rejection.Invalid(field, $"{Article(noun)} {noun} id holds only a-z, 0-9, '-' and '.', not '{id}'");
        }

        return null;
    }

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";
}
