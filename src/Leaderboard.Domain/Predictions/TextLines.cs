using System.Text;

namespace Leaderboard.Domain.Predictions;

/// <summary>One line of a text file with its 1-based line number, without the line end.</summary>
internal readonly record struct NumberedLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}

/// <summary>
/// Splits CSV text into lines. Tolerates a UTF-8 byte order mark, CRLF or LF line ends,
/// and a final line end or none. Every other character is kept for the caller to judge.
/// </summary>
internal static class TextLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes strict UTF-8 and drops a leading byte order mark. Returns null and an error when the bytes are not UTF-8.</summary>
    public static string? Decode(ReadOnlySpan<byte> content, string fileDescription, out string? error)
    {
        try
        {
            var text = StrictUtf8.GetString(content);
            error = null;
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            error = $"{fileDescription} is not valid UTF-8 text (invalid byte at offset {ex.Index}). Save it as plain UTF-8 or ASCII text.";
            return null;
        }
    }

    public static List<NumberedLine> Split(string text)
    {
        var lines = new List<NumberedLine>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            end = end < 0 ? text.Length : end;
            if (end > start && text[end - 1] == '\r')
            {
                end--;
            }

            lines.Add(new NumberedLine(lines.Count + 1, text[start..end]));
            start = next;
        }

        return lines;
    }

    /// <summary>
    /// Quotes a value for an error message. Control characters are shown as \xNN and long
    /// values are cut, so a binary or run-on line cannot flood the message.
    /// </summary>
    public static string Quote(string value)
    {
        const int MaxShown = 40;
        var builder = new StringBuilder("'");
        foreach (var character in value.Length <= MaxShown ? value : value[..MaxShown])
        {
            builder.Append(char.IsControl(character) ? $"\\x{(int)character:X2}" : character.ToString());
        }

        builder.Append(value.Length <= MaxShown ? "'" : "…'");
        return builder.ToString();
    }
}
