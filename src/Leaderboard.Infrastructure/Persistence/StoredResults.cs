using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Infrastructure.Persistence;

/// <summary>Reads stored labels and predictions back into the domain's types for scoring.</summary>
public static class StoredResults
{
    /// <summary>Loads a test-set version's labels; invalid stored labels mean the database was changed by hand.</summary>
    public static async Task<TestSetLabels> LoadLabelsAsync(this LeaderboardDbContext db, TestSetVersion version, CancellationToken cancellationToken)
    {
        var exams = await db.TestSetExams.AsNoTracking()
            .Where(e => e.TestSetVersionId == version.Id)
            .Select(e => new ExamLabels(e.CaseId, e.Abnormal, e.Acl, e.Meniscus))
            .ToListAsync(cancellationToken);
        var result = TestSetLabels.FromExams(exams);
        return result.Labels ?? throw new InvalidOperationException(
            $"Test-set version {version.Number} ({version.Id}) has invalid stored labels: {string.Join("; ", result.Errors)}");
    }

    /// <summary>Loads the stored predictions of several evaluations, each list in ascending case order.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<ExamPrediction>>> LoadPredictionsAsync(
        this LeaderboardDbContext db, IReadOnlyCollection<Guid> evaluationIds, CancellationToken cancellationToken)
    {
        var rows = await db.Predictions.AsNoTracking()
            .Where(p => evaluationIds.Contains(p.EvaluationId))
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(p => p.EvaluationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ExamPrediction>)g
                .OrderBy(p => p.CaseId, StringComparer.Ordinal)
                .Select(p => new ExamPrediction(p.CaseId, p.Abnormal, p.Acl, p.Meniscus))
                .ToList());
    }
}
