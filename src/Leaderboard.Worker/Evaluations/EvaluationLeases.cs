using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Worker.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leaderboard.Worker.Evaluations;

/// <summary>
/// Conditional updates that give one worker at a time the right to run an evaluation. A
/// claim succeeds on a queued evaluation or on one whose lease has expired. Every later write
/// of the run checks that this worker still owns the lease. Lease times come from the
/// worker's clock, so worker hosts need clocks synchronised well within a lease duration.
/// </summary>
public sealed class EvaluationLeases(LeaderboardDbContext db, IOptions<WorkerOptions> options, TimeProvider clock)
{
    private readonly WorkerOptions _options = options.Value;

    public string WorkerId => _options.WorkerId;

    /// <summary>Claims the evaluation; false when another worker owns it or it is already done.</summary>
    public async Task<bool> TryClaimAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.Evaluations
            .Where(e => e.Id == evaluationId && e.Attempt < _options.MaxAttempts)
            .Where(e => e.Status == SubmissionStatus.Queued
                || ((e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring) && e.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, SubmissionStatus.Running)
                .SetProperty(e => e.LeaseOwner, _options.WorkerId)
                .SetProperty(e => e.LeaseExpiresAt, now + _options.LeaseDuration)
                .SetProperty(e => e.Attempt, e => e.Attempt + 1)
                .SetProperty(e => e.StartedAt, e => e.StartedAt ?? now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        await SetSubmissionStatusAsync(evaluationId, SubmissionStatus.Running, null, cancellationToken);
        return true;
    }

    /// <summary>Extends the lease; false when this worker no longer holds it.</summary>
    public async Task<bool> RenewAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var renewed = await db.Evaluations
            .Where(e => e.Id == evaluationId && e.LeaseOwner == _options.WorkerId)
            .Where(e => e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseExpiresAt, now + _options.LeaseDuration), cancellationToken);
        return renewed == 1;
    }

    public async Task<bool> MarkScoringAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        var updated = await OwnedRunning(evaluationId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, SubmissionStatus.Scoring), cancellationToken);
        if (updated == 1)
        {
            await SetSubmissionStatusAsync(evaluationId, SubmissionStatus.Scoring, null, cancellationToken);
        }

        return updated == 1;
    }

    /// <summary>Records a failure; false when the lease was lost and another worker owns the result.</summary>
    public async Task<bool> FailAsync(Guid evaluationId, FailureReason reason, string? detail, string? log, long? exitCode, IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await OwnedRunning(evaluationId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, SubmissionStatus.Failed)
                .SetProperty(e => e.FailureReason, reason)
                .SetProperty(e => e.FailureDetail, detail)
                .SetProperty(e => e.Log, log)
                .SetProperty(e => e.ExitCode, exitCode)
                .SetProperty(e => e.Messages, messages.ToList())
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        await SetSubmissionStatusAsync(evaluationId, SubmissionStatus.Failed, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Writes predictions and scores and finishes the evaluation in one transaction, guarded by
    /// the lease. Earlier rows of the same evaluation are replaced, so results exist once even
    /// when a run is repeated.
    /// </summary>
    public async Task<bool> FinishAsync(Guid evaluationId, ScoredRun run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await OwnedRunning(evaluationId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, SubmissionStatus.Finished)
                .SetProperty(e => e.FailureReason, (FailureReason?)null)
                .SetProperty(e => e.FailureDetail, (string?)null)
                .SetProperty(e => e.Log, run.Log)
                .SetProperty(e => e.ExitCode, run.ExitCode)
                .SetProperty(e => e.Messages, run.Messages.ToList())
                .SetProperty(e => e.MeanAuc, run.Report.MeanAuc.Value)
                .SetProperty(e => e.MeanAucCiLow, run.Report.MeanAuc.CiLow)
                .SetProperty(e => e.MeanAucCiHigh, run.Report.MeanAuc.CiHigh)
                .SetProperty(e => e.ScorerVersion, run.Report.ScorerVersion)
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        await db.Predictions.Where(p => p.EvaluationId == evaluationId).ExecuteDeleteAsync(cancellationToken);
        await db.TaskScores.Where(s => s.EvaluationId == evaluationId).ExecuteDeleteAsync(cancellationToken);
        db.Predictions.AddRange(run.Predictions.Select(p => new PredictionRow
        {
            EvaluationId = evaluationId,
            CaseId = p.CaseId,
            Abnormal = p.Abnormal,
            Acl = p.Acl,
            Meniscus = p.Meniscus,
        }));
        db.TaskScores.AddRange(run.Report.Tasks.Select(t => new TaskScoreRow
        {
            EvaluationId = evaluationId,
            Task = Domain.TestSets.MrnetTasks.ToName(t.Task),
            Auc = t.Auc,
            CiLow = t.CiLow,
            CiHigh = t.CiHigh,
        }));
        await db.SaveChangesAsync(cancellationToken);

        await SetSubmissionStatusAsync(evaluationId, SubmissionStatus.Finished, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    private IQueryable<Evaluation> OwnedRunning(Guid evaluationId) => db.Evaluations
        .Where(e => e.Id == evaluationId && e.LeaseOwner == _options.WorkerId)
        .Where(e => e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring);

    private async Task SetSubmissionStatusAsync(Guid evaluationId, SubmissionStatus status, FailureReason? reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Submissions
            .Where(s => s.Evaluations.Any(e => e.Id == evaluationId))
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.Status, status)
                .SetProperty(s => s.FailureReason, reason)
                .SetProperty(s => s.UpdatedAt, now), cancellationToken);
    }
}

/// <summary>The results of a run that produced valid predictions.</summary>
public sealed record ScoredRun(
    Domain.Scoring.ScoreReport Report,
    IReadOnlyList<Domain.Predictions.ExamPrediction> Predictions,
    IReadOnlyList<string> Messages,
    string Log,
    long? ExitCode);
