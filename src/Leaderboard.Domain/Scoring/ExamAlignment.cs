using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Scoring;

/// <summary>Joins predictions to a test set's exams by case id.</summary>
internal static class ExamAlignment
{
    private const int MaxCaseIdsListed = 10;

    /// <summary>Returns the predictions in the exams' order.</summary>
    /// <exception cref="ArgumentException">A case id is missing, unknown to the test set, or predicted twice.</exception>
    public static ExamPrediction[] Align(TestSetLabels labels, IReadOnlyList<ExamPrediction> predictions, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions, parameterName);

        var byCaseId = new Dictionary<string, ExamPrediction>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var prediction in predictions)
        {
            if (!byCaseId.TryAdd(prediction.CaseId, prediction))
            {
                duplicates.Add(prediction.CaseId);
            }
        }

        var expected = labels.CaseIds.ToHashSet(StringComparer.Ordinal);
        var unknown = byCaseId.Keys.Where(id => !expected.Contains(id)).Order(StringComparer.Ordinal).ToList();
        var missing = labels.CaseIds.Where(id => !byCaseId.ContainsKey(id)).ToList();
        if (duplicates.Count + unknown.Count + missing.Count > 0)
        {
            throw new ArgumentException(
                $"The predictions do not cover the test set's {labels.CaseIds.Count} exams exactly: "
                + $"missing {Describe(missing)}; not in the test set {Describe(unknown)}; predicted twice {Describe(duplicates)}.",
                parameterName);
        }

        return [.. labels.CaseIds.Select(id => byCaseId[id])];
    }

    public static double[] Scores(ExamPrediction[] aligned, MrnetTask task) =>
        [.. aligned.Select(prediction => task switch
        {
            MrnetTask.Abnormal => prediction.Abnormal,
            MrnetTask.Acl => prediction.Acl,
            MrnetTask.Meniscus => prediction.Meniscus,
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown MRNet task."),
        })];

    private static string Describe(List<string> caseIds)
    {
        if (caseIds.Count == 0)
        {
            return "none";
        }

        var listed = string.Join(", ", caseIds.Take(MaxCaseIdsListed));
        return caseIds.Count > MaxCaseIdsListed ? $"{caseIds.Count} ({listed}, …)" : $"{caseIds.Count} ({listed})";
    }
}
