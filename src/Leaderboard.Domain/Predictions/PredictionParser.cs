namespace Leaderboard.Domain.Predictions;

/// <summary>The outcome of reading a prediction file.</summary>
/// <param name="Predictions">One entry per expected case id, in the order of the expected ids, or null when the file is invalid.</param>
/// <param name="Errors">Why the file is invalid, each naming the line, column and value. At most 20, then one "… and N more" line.</param>
/// <param name="Warnings">Accepted oddities, such as values outside [0, 1], capped the same way.</param>
public sealed record PredictionParseResult(IReadOnlyList<ExamPrediction>? Predictions, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Predictions is not null && Errors.Count == 0;
}

/// <summary>
/// Reads the output CSV of a submission in either of its two formats:
/// <list type="bullet">
/// <item>the original: no header, one row per exam in ascending case order, three values
/// abnormal,acl,meniscus;</item>
/// <item>with the header <c>case,abnormal,acl,meniscus</c>: one row per case id, in any order.</item>
/// </list>
/// Values are finite numbers in the invariant culture (0.73, 1e-3). Tolerated: a UTF-8
/// byte order mark, CRLF line ends, a missing final line end and spaces or tabs around
/// values. Values outside [0, 1] are kept unchanged and reported as warnings.
/// </summary>
public static class PredictionParser
{
    /// <summary>1 MiB, while a file for 120 exams is about 3 KiB.</summary>
    public const int DefaultMaxBytes = 1_048_576;

    public const string Header = "case,abnormal,acl,meniscus";

    /// <summary>Parses <paramref name="content"/> and matches its rows to <paramref name="expectedCaseIds"/>.</summary>
    /// <param name="expectedCaseIds">
    /// The test set's case ids in the order the input CSV listed the exams, which is
    /// ascending case order. Row i of a headerless file is matched to the i-th id.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="expectedCaseIds"/> contains a case id twice.</exception>
    public static PredictionParseResult Parse(ReadOnlySpan<byte> content, IReadOnlyList<string> expectedCaseIds, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(expectedCaseIds);
        if (expectedCaseIds.Distinct(StringComparer.Ordinal).Count() != expectedCaseIds.Count)
        {
            throw new ArgumentException("The expected case ids contain a duplicate.", nameof(expectedCaseIds));
        }

        if (content.Length > maxBytes)
        {
            return TooLarge(content.Length, maxBytes);
        }

        var text = TextLines.Decode(content, "The prediction file", out var decodeError);
        if (text is null)
        {
            return Rejected(decodeError!);
        }

        var lines = TextLines.Split(text);
        if (lines.All(line => line.IsBlank))
        {
            return Rejected($"The prediction file is empty. Write one row per exam with three values (abnormal,acl,meniscus), or the header {Header} and one row per case id.");
        }

        var separatorError = FindWrongSeparator(lines);
        if (separatorError is not null)
        {
            return Rejected(separatorError);
        }

        var reader = new PredictionRowReader(expectedCaseIds);
        return PredictionRowReader.LooksLikeHeader(lines[0]) ? reader.ReadWithHeader(lines) : reader.ReadHeaderless(lines);
    }

    /// <summary>
    /// Returns the rejection for a file of <paramref name="byteCount"/> bytes over
    /// <paramref name="maxBytes"/>, for callers that see the size before reading the file.
    /// </summary>
    public static PredictionParseResult TooLarge(long byteCount, int maxBytes) =>
        Rejected($"The prediction file is {byteCount} bytes, over the limit of {maxBytes} bytes. Write one row per exam with three values; a file for 120 exams is a few kilobytes.");

    internal static PredictionParseResult Rejected(string error) => new(null, [error], []);

    /// <summary>
    /// Finds the first line separated by semicolons or tabs. Every row of such a file would
    /// fail the same way, so one message for the file replaces a hundred for its rows.
    /// </summary>
    private static string? FindWrongSeparator(List<NumberedLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.Text.Contains(';'))
            {
                var decimalComma = line.Text.Contains(',')
                    ? ", and write decimals with a point, not a comma (0.5, not 0,5)"
                    : string.Empty;
                return $"Line {line.Number} separates values with semicolons ({TextLines.Quote(line.Text)}). Separate values with commas{decimalComma}.";
            }

            if (line.Text.Contains('\t') && !line.Text.Contains(','))
            {
                return $"Line {line.Number} separates values with tabs ({TextLines.Quote(line.Text)}). Separate values with commas.";
            }
        }

        return null;
    }
}
