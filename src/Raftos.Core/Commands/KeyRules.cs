using System.Buffers;
using System.Text;

namespace Raftos.Core.Commands;

/// <summary>What a key-value key may be: 1 to <see cref="Limits.KeyBytesMax"/> UTF-8 bytes, no control characters.</summary>
public static class KeyRules
{
    /// <summary>Null when <paramref name="key"/> is acceptable.</summary>
    public static Rejection? Validate(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return Rejection.Invalid("key", "a key is required");
        if (key.Length > Limits.KeyBytesMax || Encoding.UTF8.GetByteCount(key) > Limits.KeyBytesMax)
            return Rejection.Invalid("key", $"a key is at most {Limits.KeyBytesMax} bytes of UTF-8");
        foreach (var c in key)
        {
            if (char.IsControl(c))
                return Rejection.Invalid("key", "a key may not contain control characters");
        }

        return IsWellFormed(key) ? null : Rejection.Invalid("key", "a key must be well-formed Unicode (no unpaired surrogates)");
    }

    /// <summary>
    /// False when <paramref name="text"/> holds an unpaired UTF-16 surrogate. Such a string
    /// cannot cross the log: UTF-8 encoding would replace it, so two distinct keys could
    /// become one on the replicas.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
                return false;
            text = text[consumed..];
        }

        return true;
    }

    /// <summary>Null when a compare-and-set revision is absent or non-negative.</summary>
    public static Rejection? ValidateRevision(long? revision)
        => revision is < 0 ? Rejection.Invalid("cas", "a compare-and-set revision is 0 (must not exist) or positive") : null;
}
