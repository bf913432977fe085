using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.Submissions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Infrastructure.Administration;

/// <summary>What a rescoring pass did.</summary>
public sealed record RescoreSummary(int Rescored, int Skipped, IReadOnlyList<string> Messages);

/// <summary>
/// Scores stored predictions again against a phase's active test-set version, without running
/// any submission. This applies corrected labels (a new version) and a changed scorer. A
/// submission whose stored predictions do not cover the version's exams exactly is skipped
/// and named in the summary, because it would need a new run.
/// </summary>
public sealed class Rescoring(LeaderboardDbContext db, TimeProvider clock)
{
    public async Task<RescoreSummary> RescorePhaseAsync(string competitionSlug, string phaseSlug, CancellationToken cancellationToken)
    {
        var phase = await db.Phases.AsNoTracking()
            .Include(p => p.ActiveTestSetVersion)
            .SingleOrDefaultAsync(p => p.Slug == phaseSlug && p.Competition!.Slug == competitionSlug, cancellationToken)
            ?? throw new AdministrationException($"Phase '{competitionSlug}/{phaseSlug}' not found.");
        var version = phase.ActiveTestSetVersion
            ?? throw new AdministrationException($"Phase '{competitionSlug}/{phaseSlug}' has no active test set; register one with 'leaderboard testset register'.");

        var labels = await db.LoadLabelsAsync(version, cancellationToken);
        var seed = BootstrapSeed.FromTestSetVersion(version.ContentHash);
        var sources = await FindSourcesAsync(phase.Id, version.Id, cancellationToken);
        var stored = await db.LoadPredictionsAsync(sources.Select(s => s.Id).ToList(), cancellationToken);

        var rescored = 0;
        var messages = new List<string>();
        foreach (var source in sources)
        {
            var predictions = stored.GetValueOrDefault(source.Id) ?? [];
            if (!predictions.Select(p => p.CaseId).Order(StringComparer.Ordinal).SequenceEqual(labels.CaseIds))
            {
                messages.Add($"Submission {source.SubmissionId}: its stored predictions do not cover the exams of test-set version {version.Number}; it needs a new run.");
                continue;
            }

            var report = Scorer.Score(labels, predictions, seed);
            await StoreAsync(source, version.Id, predictions, report, cancellationToken);
            rescored++;
        }

        return new RescoreSummary(rescored, messages.Count, messages);
    }

    /// <summary>
    /// The finished evaluation each submission is rescored from: the one on the target version
    /// when there is one, else the submission's most recently finished evaluation.
    /// </summary>
    private async Task<List<Evaluation>> FindSourcesAsync(Guid phaseId, Guid versionId, CancellationToken cancellationToken)
    {
        var finished = await db.Evaluations.AsNoTracking()
            .Where(e => e.Submission!.PhaseId == phaseId && e.Status == SubmissionStatus.Finished)
            .ToListAsync(cancellationToken);
        return finished
            .GroupBy(e => e.SubmissionId)
            .Select(g => g.FirstOrDefault(e => e.TestSetVersionId == versionId) ?? g.OrderByDescending(e => e.FinishedAt).First())
            .ToList();
    }

    /// <summary>Replaces the scores of the target version's evaluation, creating it from the source when missing.</summary>
    private async Task StoreAsync(Evaluation source, Guid versionId, IReadOnlyList<ExamPrediction> predictions, ScoreReport report, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var target = await db.Evaluations.SingleOrDefaultAsync(e => e.SubmissionId == source.SubmissionId && e.TestSetVersionId == versionId, cancellationToken);
        if (target is null)
        {
            target = new Evaluation
            {
                Id = Guid.CreateVersion7(now),
                SubmissionId = source.SubmissionId,
                TestSetVersionId = versionId,
                Queue = source.Queue,
                QueuedAt = source.QueuedAt,
                StartedAt = source.StartedAt,
                ExitCode = source.ExitCode,
                Log = source.Log,
                Messages = source.Messages,
                Status = SubmissionStatus.Finished,
            };
            db.Evaluations.Add(target);
            db.Predictions.AddRange(predictions.Select(p => new PredictionRow
            {
                EvaluationId = target.Id,
                CaseId = p.CaseId,
                Abnormal = p.Abnormal,
                Acl = p.Acl,
                Meniscus = p.Meniscus,
            }));
        }
        else
        {
            await db.TaskScores.Where(s => s.EvaluationId == target.Id).ExecuteDeleteAsync(cancellationToken);
        }

        target.MeanAuc = report.MeanAuc.Value;
        target.MeanAucCiLow = report.MeanAuc.CiLow;
        target.MeanAucCiHigh = report.MeanAuc.CiHigh;
        target.ScorerVersion = report.ScorerVersion;
        target.FinishedAt = now;
        db.TaskScores.AddRange(report.Tasks.Select(t => new TaskScoreRow
        {
            EvaluationId = target.Id,
            Task = t.Task.ToName(),
            Auc = t.Auc,
            CiLow = t.CiLow,
            CiHigh = t.CiHigh,
        }));
        await db.SaveChangesAsync(cancellationToken);

        // Touching the submission invalidates cached leaderboards.
        await db.Submissions.Where(s => s.Id == source.SubmissionId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
