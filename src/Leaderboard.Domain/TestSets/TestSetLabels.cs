using Leaderboard.Domain.Predictions;

namespace Leaderboard.Domain.TestSets;

/// <summary>
/// The validated labels of a test set: unique, well-formed case ids in ascending case
/// order, and both classes present in every task, so that every task's AUC is defined.
/// </summary>
public sealed class TestSetLabels
{
    private readonly Dictionary<MrnetTask, bool[]> _columns;

    private TestSetLabels(ExamLabels[] exams)
    {
        Exams = exams;
        CaseIds = [.. exams.Select(exam => exam.CaseId)];
        _columns = MrnetTasks.All.ToDictionary(task => task, task => exams.Select(exam => exam.Get(task)).ToArray());
    }

    /// <summary>The exams in ascending case order, the order of the input CSV.</summary>
    public IReadOnlyList<ExamLabels> Exams { get; }

    /// <summary>The case ids in ascending order.</summary>
    public IReadOnlyList<string> CaseIds { get; }

    /// <summary>Returns the label file name of a task in a split, such as <c>valid-acl.csv</c>.</summary>
    public static string FileName(string split, MrnetTask task) => $"{split}-{task.ToName()}.csv";

    /// <summary>
    /// Reads <c>&lt;split&gt;-abnormal.csv</c>, <c>&lt;split&gt;-acl.csv</c> and
    /// <c>&lt;split&gt;-meniscus.csv</c> from <paramref name="directory"/>.
    /// </summary>
    public static LabelReadResult ReadSplit(string directory, string split)
    {
        var problem = CheckSplitName(split) ?? CheckFilesExist(directory, split);
        if (problem is not null)
        {
            return new LabelReadResult(null, [problem]);
        }

        var contents = new Dictionary<MrnetTask, byte[]>();
        foreach (var task in MrnetTasks.All)
        {
            var path = Path.Combine(directory, FileName(split, task));
            try
            {
                contents[task] = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new LabelReadResult(null, [$"Cannot read the label file {path}: {ex.Message}"]);
            }
        }

        return FromFileContents(split, contents[MrnetTask.Abnormal], contents[MrnetTask.Acl], contents[MrnetTask.Meniscus]);
    }

    /// <summary>Validates the contents of a split's three label files. Messages name each file as <see cref="FileName"/> does.</summary>
    public static LabelReadResult FromFileContents(string split, ReadOnlySpan<byte> abnormal, ReadOnlySpan<byte> acl, ReadOnlySpan<byte> meniscus)
    {
        var errors = new CappedMessageList("errors");
        var entries = new Dictionary<MrnetTask, List<LabelEntry>>
        {
            [MrnetTask.Abnormal] = LabelFileReader.Read(FileName(split, MrnetTask.Abnormal), abnormal, errors),
            [MrnetTask.Acl] = LabelFileReader.Read(FileName(split, MrnetTask.Acl), acl, errors),
            [MrnetTask.Meniscus] = LabelFileReader.Read(FileName(split, MrnetTask.Meniscus), meniscus, errors),
        };
        if (errors.Count > 0)
        {
            return new LabelReadResult(null, errors.ToList());
        }

        var exams = JoinTasks(split, entries, errors);
        if (errors.Count > 0)
        {
            return new LabelReadResult(null, errors.ToList());
        }

        return Validate(exams, task => FileName(split, task));
    }

    /// <summary>Validates labels that are already in memory, sorting them into ascending case order.</summary>
    public static LabelReadResult FromExams(IEnumerable<ExamLabels> exams)
    {
        ArgumentNullException.ThrowIfNull(exams);
        var list = exams.ToList();
        var errors = new CappedMessageList("errors");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exam in list)
        {
            if (!CaseIdFormat.IsValid(exam.CaseId))
            {
                errors.Add($"Case id {TextLines.Quote(exam.CaseId ?? string.Empty)} is malformed. {CaseIdFormat.Description}");
            }
            else if (!seen.Add(exam.CaseId))
            {
                errors.Add($"Case {exam.CaseId} appears more than once. Give each exam one set of labels.");
            }
        }

        if (errors.Count > 0)
        {
            return new LabelReadResult(null, errors.ToList());
        }

        return Validate(list, task => $"Task {task.ToName()}");
    }

    /// <summary>Lists the splits in <paramref name="directory"/> that have all three label files, in ordinal order.</summary>
    public static IReadOnlyList<string> FindSplits(string directory)
    {
        const string Suffix = "-abnormal.csv";
        return [.. Directory.EnumerateFiles(directory, "*" + Suffix)
            .Select(path => Path.GetFileName(path)[..^Suffix.Length])
            .Where(split => split.Length > 0 && MrnetTasks.All.All(task => File.Exists(Path.Combine(directory, FileName(split, task)))))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Returns one task's labels in exam order (true = positive). The caller must not change the array.</summary>
    internal bool[] Column(MrnetTask task) => _columns[task];

    private static string? CheckSplitName(string split)
    {
        var valid = !string.IsNullOrEmpty(split) && split.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && split != "." && split != "..";
        return valid ? null : $"The split name {TextLines.Quote(split ?? string.Empty)} is invalid. Use letters, digits, '-', '_' or '.', such as valid or test.";
    }

    private static string? CheckFilesExist(string directory, string split)
    {
        if (!Directory.Exists(directory))
        {
            return $"The label directory {directory} does not exist.";
        }

        var missing = MrnetTasks.All.Select(task => FileName(split, task)).Where(name => !File.Exists(Path.Combine(directory, name))).ToList();
        return missing.Count == 0
            ? null
            : $"Label file not found in {directory}: {string.Join(", ", missing)}. A split needs {FileName(split, MrnetTask.Abnormal)}, {FileName(split, MrnetTask.Acl)} and {FileName(split, MrnetTask.Meniscus)}.";
    }

    /// <summary>Combines the three files' labels per case, reporting each case that a file lacks.</summary>
    private static List<ExamLabels> JoinTasks(string split, Dictionary<MrnetTask, List<LabelEntry>> entries, CappedMessageList errors)
    {
        var byTask = entries.ToDictionary(pair => pair.Key, pair => pair.Value.ToDictionary(entry => entry.CaseId, StringComparer.Ordinal));
        var allCaseIds = entries.Values.SelectMany(list => list).Select(entry => entry.CaseId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var exams = new List<ExamLabels>();
        foreach (var caseId in allCaseIds)
        {
            var present = MrnetTasks.All.First(task => byTask[task].ContainsKey(caseId));
            var missingFrom = MrnetTasks.All.Where(task => !byTask[task].ContainsKey(caseId)).ToList();
            if (missingFrom.Count > 0)
            {
                var names = string.Join(" and ", missingFrom.Select(task => FileName(split, task)));
                errors.Add($"Case {caseId} is in {FileName(split, present)} (line {byTask[present][caseId].Line}) but missing from {names}. Every label file needs a line for every exam.");
                continue;
            }

            exams.Add(new ExamLabels(
                caseId,
                byTask[MrnetTask.Abnormal][caseId].Label,
                byTask[MrnetTask.Acl][caseId].Label,
                byTask[MrnetTask.Meniscus][caseId].Label));
        }

        return exams;
    }

    /// <summary>Checks that every task has both classes and returns the labels in ascending case order.</summary>
    private static LabelReadResult Validate(List<ExamLabels> exams, Func<MrnetTask, string> describeTask)
    {
        if (exams.Count == 0)
        {
            return new LabelReadResult(null, ["The test set has no exams."]);
        }

        var errors = new List<string>();
        foreach (var task in MrnetTasks.All)
        {
            var positives = exams.Count(exam => exam.Get(task));
            if (positives == 0 || positives == exams.Count)
            {
                errors.Add($"{describeTask(task)}: all {exams.Count} labels are {(positives == 0 ? 0 : 1)}. ROC AUC is undefined with one class, so every task needs at least one positive and one negative exam.");
            }
        }

        if (errors.Count > 0)
        {
            return new LabelReadResult(null, errors);
        }

        var sorted = exams.OrderBy(exam => exam.CaseId, StringComparer.Ordinal).ToArray();
        return new LabelReadResult(new TestSetLabels(sorted), []);
    }
}

/// <summary>The outcome of reading or validating test-set labels.</summary>
/// <param name="Labels">The labels, or null when they are invalid.</param>
/// <param name="Errors">Why the labels are invalid, each naming the file, line and value where there is one.</param>
public sealed record LabelReadResult(TestSetLabels? Labels, IReadOnlyList<string> Errors)
{
    public bool IsValid => Labels is not null && Errors.Count == 0;
}
