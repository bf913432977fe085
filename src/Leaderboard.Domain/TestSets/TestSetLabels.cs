namespace Leaderboard.Domain.TestSets;

// PLACEHOLDER: the scoring work replaces this whole file.
public sealed class TestSetLabels
{
    public IReadOnlyList<ExamLabels> Exams { get; } = [];

    public IReadOnlyList<string> CaseIds { get; } = [];

    public static LabelReadResult ReadSplit(string directory, string split) => throw new NotImplementedException();

    public static LabelReadResult FromExams(IEnumerable<ExamLabels> exams) => throw new NotImplementedException();
}

public sealed record LabelReadResult(TestSetLabels? Labels, IReadOnlyList<string> Errors)
{
    public bool IsValid => Labels is not null && Errors.Count == 0;
}
