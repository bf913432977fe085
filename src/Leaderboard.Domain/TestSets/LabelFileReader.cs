using Leaderboard.Domain.Predictions;

namespace Leaderboard.Domain.TestSets;

/// <summary>One label of one task, with the line it came from.</summary>
internal readonly record struct LabelEntry(string CaseId, bool Label, int Line);

/// <summary>
/// Reads one MRNet label file: lines <c>case,label</c>, no header, label 0 or 1, LF line
/// ends. A UTF-8 byte order mark, CRLF line ends and spaces around values are tolerated.
/// </summary>
internal static class LabelFileReader
{
    /// <summary>Reads the entries of one file and adds each problem, with the file name and line, to <paramref name="errors"/>.</summary>
    public static List<LabelEntry> Read(string fileName, ReadOnlySpan<byte> content, CappedMessageList errors)
    {
        var entries = new List<LabelEntry>();
        var text = TextLines.Decode(content, fileName, out var decodeError);
        if (text is null)
        {
            errors.Add(decodeError!);
            return entries;
        }

        var lines = TextLines.Split(text);
        if (lines.All(line => line.IsBlank))
        {
            errors.Add($"{fileName} is empty. Write one line case,label per exam, such as 1130,0.");
            return entries;
        }

        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var entry = ReadLine(fileName, line, errors);
            if (entry is null)
            {
                continue;
            }

            if (firstLine.TryGetValue(entry.Value.CaseId, out var earlier))
            {
                errors.Add($"{fileName}, line {line.Number}: case {entry.Value.CaseId} repeats line {earlier}. Write one line per exam.");
                continue;
            }

            firstLine[entry.Value.CaseId] = line.Number;
            entries.Add(entry.Value);
        }

        return entries;
    }

    private static LabelEntry? ReadLine(string fileName, NumberedLine line, CappedMessageList errors)
    {
        var location = $"{fileName}, line {line.Number}";
        if (line.IsBlank)
        {
            errors.Add($"{location} is empty. Remove blank lines. Only a final line end may follow the last line.");
            return null;
        }

        var cells = line.Text.Split(',').Select(cell => cell.Trim(' ', '\t')).ToArray();
        if (cells.Length != 2)
        {
            errors.Add($"{location} has {cells.Length} values but needs 2 (case,label): {TextLines.Quote(line.Text)}. Separate the case id and the label with one comma.");
            return null;
        }

        if (line.Number == 1 && cells.All(cell => cell.Length > 0 && char.IsLetter(cell[0])))
        {
            errors.Add($"{location}: {TextLines.Quote(line.Text)} looks like a header, but label files have no header line. Remove it.");
            return null;
        }

        var valid = true;
        if (!CaseIdFormat.IsValid(cells[0]))
        {
            errors.Add($"{location}, column 1 (case): {TextLines.Quote(cells[0])} is not a case id. {CaseIdFormat.Description}");
            valid = false;
        }

        if (cells[1] is not ("0" or "1"))
        {
            errors.Add($"{location}, column 2 (label): the label {TextLines.Quote(cells[1])} is not 0 or 1. Write 1 for a positive exam and 0 for a negative one.");
            valid = false;
        }

        return valid ? new LabelEntry(cells[0], cells[1] == "1", line.Number) : null;
    }
}
