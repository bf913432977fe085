using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Predictions;

/// <summary>Reads the rows of one prediction file, collecting every error and warning with its line and column.</summary>
internal sealed class PredictionRowReader(IReadOnlyList<string> expectedCaseIds)
{
    private const int ValueCount = 3;
    private const int MaxCaseIdsListed = 10;

    private static readonly string[] ValueColumnNames = ["abnormal", "acl", "meniscus"];
    private static readonly string[] HeaderColumnNames = ["case", .. ValueColumnNames];

    private readonly CappedMessageList _errors = new("errors");
    private readonly CappedMessageList _warnings = new("warnings");

    /// <summary>
    /// Whether the first line is meant as a header: its first cell is "case", or every cell
    /// is a word. A row of numbers, or of NaN, is data.
    /// </summary>
    public static bool LooksLikeHeader(NumberedLine line)
    {
        var cells = SplitCells(line.Text);
        return cells[0].Equals("case", StringComparison.OrdinalIgnoreCase) || cells.All(IsWord);
    }

    public PredictionParseResult ReadHeaderless(List<NumberedLine> lines)
    {
        var rows = NonBlankRows(lines);
        var values = new double[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = ReadValues(rows[i], SplitCells(rows[i].Text), firstColumn: 1) ?? [];
        }

        CheckRowCount(rows);
        if (_errors.Count > 0)
        {
            return Result(null);
        }

        var predictions = new ExamPrediction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            predictions[i] = new ExamPrediction(expectedCaseIds[i], values[i][0], values[i][1], values[i][2]);
        }

        return Result(predictions);
    }

    public PredictionParseResult ReadWithHeader(List<NumberedLine> lines)
    {
        if (!CheckHeader(lines[0]))
        {
            return Result(null);
        }

        var rows = NonBlankRows(lines.Skip(1));
        if (rows.Count == 0)
        {
            _errors.Add($"The file has the header {PredictionParser.Header} but no rows. Write one row per case id.");
            return Result(null);
        }

        var byCaseId = ReadCaseRows(rows);
        var missing = expectedCaseIds.Where(id => !byCaseId.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            _errors.Add($"{missing.Count} of the test set's {expectedCaseIds.Count} case ids have no row: {ListCaseIds(missing)}. Write one row for every exam.");
        }

        if (_errors.Count > 0)
        {
            return Result(null);
        }

        return Result([.. expectedCaseIds.Select(id => byCaseId[id].Prediction)]);
    }

    private Dictionary<string, (int Line, ExamPrediction Prediction)> ReadCaseRows(List<NumberedLine> rows)
    {
        var expected = expectedCaseIds.ToHashSet(StringComparer.Ordinal);
        var byCaseId = new Dictionary<string, (int Line, ExamPrediction Prediction)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var cells = SplitCells(row.Text);
            if (cells.Length != HeaderColumnNames.Length)
            {
                _errors.Add(ColumnCountMessage(row, cells, HeaderColumnNames));
                continue;
            }

            var caseId = cells[0];
            var values = ReadValues(row, cells[1..], firstColumn: 2);
            if (!expected.Contains(caseId))
            {
                var format = CaseIdFormat.IsValid(caseId) ? string.Empty : " " + CaseIdFormat.Description;
                _errors.Add($"Line {row.Number}, column 1 (case): case id {TextLines.Quote(caseId)} is not in the test set.{format} Write one row per exam of the test set.");
            }
            else if (byCaseId.TryGetValue(caseId, out var first))
            {
                _errors.Add($"Line {row.Number}, column 1 (case): case id {caseId} repeats line {first.Line}. Write one row per case id.");
            }
            else if (values is not null)
            {
                byCaseId[caseId] = (row.Number, new ExamPrediction(caseId, values[0], values[1], values[2]));
            }
            else
            {
                // The values were invalid and are already reported. The id still counts as seen,
                // so it is not reported as missing too.
                byCaseId[caseId] = (row.Number, new ExamPrediction(caseId, double.NaN, double.NaN, double.NaN));
            }
        }

        return byCaseId;
    }

    private bool CheckHeader(NumberedLine line)
    {
        var cells = SplitCells(line.Text);
        var matches = cells.Length == HeaderColumnNames.Length
            && cells.Zip(HeaderColumnNames).All(pair => pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase));
        if (!matches)
        {
            _errors.Add($"Line {line.Number}: the header {TextLines.Quote(line.Text)} is not recognised. Write the header {PredictionParser.Header} in this order, or no header and one row per exam in ascending case order.");
        }

        return matches;
    }

    /// <summary>Reads the three values of a row and reports each invalid one. Returns null when any is invalid.</summary>
    private double[]? ReadValues(NumberedLine row, string[] cells, int firstColumn)
    {
        if (cells.Length != ValueCount)
        {
            _errors.Add(ColumnCountMessage(row, cells, ValueColumnNames));
            return null;
        }

        var values = new double[ValueCount];
        var valid = true;
        for (var i = 0; i < ValueCount; i++)
        {
            var location = $"Line {row.Number}, column {firstColumn + i} ({ValueColumnNames[i]})";
            var problem = PredictionValue.TryParse(cells[i], out values[i]);
            if (problem is not null)
            {
                _errors.Add($"{location}: {problem}");
                valid = false;
            }
            else if (values[i] is < 0.0 or > 1.0)
            {
                _warnings.Add($"{location}: the value {cells[i]} is outside [0, 1]. It is scored unchanged, because AUC depends only on the order of the values.");
            }
        }

        return valid ? values : null;
    }

    private void CheckRowCount(List<NumberedLine> rows)
    {
        var expected = expectedCaseIds.Count;
        if (rows.Count < expected)
        {
            _errors.Add($"The file has {rows.Count} rows but the test set has {expected} exams. Rows are matched to exams in ascending case order, so cases {expectedCaseIds[rows.Count]} to {expectedCaseIds[^1]} have no row. Write one row per exam.");
        }
        else if (rows.Count > expected)
        {
            _errors.Add($"The file has {rows.Count} rows but the test set has {expected} exams, so lines {rows[expected].Number} to {rows[^1].Number} match no exam. Write one row per exam.");
        }
    }

    private List<NumberedLine> NonBlankRows(IEnumerable<NumberedLine> lines)
    {
        var rows = new List<NumberedLine>();
        foreach (var line in lines)
        {
            if (line.IsBlank)
            {
                _errors.Add($"Line {line.Number} is empty. Remove blank lines. Only a final line end may follow the last row.");
            }
            else
            {
                rows.Add(line);
            }
        }

        return rows;
    }

    private static string ColumnCountMessage(NumberedLine row, string[] cells, string[] columnNames)
    {
        var message = $"Line {row.Number} has {cells.Length} values but needs {columnNames.Length} ({string.Join(',', columnNames)}): {TextLines.Quote(row.Text)}.";
        if (cells.Length > columnNames.Length)
        {
            return message + " Separate values with commas only: write decimals with a point (0.5, not 0,5), write no thousands separators, and end the row without a comma.";
        }

        if (cells.Length == 1 && cells[0].Contains(' '))
        {
            return message + " Separate values with commas, not spaces.";
        }

        return message;
    }

    private static string[] SplitCells(string line) =>
        [.. line.Split(',').Select(cell => cell.Trim(' ', '\t'))];

    private static bool IsWord(string cell) =>
        cell.Length > 0 && char.IsLetter(cell[0]) && !PredictionValue.IsSpecialValue(cell);

    private static string ListCaseIds(List<string> caseIds)
    {
        var listed = string.Join(", ", caseIds.Take(MaxCaseIdsListed));
        return caseIds.Count > MaxCaseIdsListed ? $"{listed} and {caseIds.Count - MaxCaseIdsListed} more" : listed;
    }

    private PredictionParseResult Result(IReadOnlyList<ExamPrediction>? predictions) =>
        new(predictions, _errors.ToList(), _warnings.ToList());
}
