using Hangfire;
using Hangfire.States;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Infrastructure.Storage;
using Leaderboard.Worker.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leaderboard.Worker.Evaluations;

/// <summary>
/// Keeps submissions from being lost. At start it removes containers that this worker's
/// earlier crash left behind. Then, periodically, it queues again the evaluations whose lease
/// expired, and fails them with infrastructure_error after the configured number of attempts.
/// It also enqueues evaluations that were committed but never reached Hangfire, and keeps the
/// artifact store under its cap. Several workers may run this at once, because each change is
/// a conditional update and only the worker whose update matched enqueues.
/// </summary>
public sealed partial class EvaluationRecoveryService(
    IServiceScopeFactory scopes,
    ISubmissionSandbox sandbox,
    IBackgroundJobClient jobs,
    ArtifactStore artifacts,
    IOptions<StorageOptions> storage,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<EvaluationRecoveryService> logger) : BackgroundService
{
    /// <summary>How long a committed evaluation may wait for its job id before it is enqueued again.</summary>
    private static readonly TimeSpan EnqueueGrace = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var removed = await sandbox.RemoveOrphanedContainersAsync(options.Value.WorkerId, stoppingToken);
        if (removed > 0)
        {
            LogOrphansRemoved(logger, removed, options.Value.WorkerId);
        }

        using var timer = new PeriodicTimer(options.Value.RecoveryInterval);
        do
        {
            try
            {
                await RecoverOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRecoveryFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RecoverOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeaderboardDbContext>();
        var now = clock.GetUtcNow();

        var expired = await db.Evaluations.AsNoTracking()
            .Where(e => (e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring) && e.LeaseExpiresAt < now)
            .Select(e => new { e.Id, e.Attempt, e.LeaseExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var evaluation in expired)
        {
            await RecoverExpiredAsync(db, evaluation.Id, evaluation.Attempt, evaluation.LeaseExpiresAt!.Value, cancellationToken);
        }

        var neverEnqueued = await db.Evaluations.AsNoTracking()
            .Where(e => e.Status == SubmissionStatus.Queued && e.JobId == null && e.QueuedAt < now - EnqueueGrace)
            .Select(e => new { e.Id, e.Queue })
            .ToListAsync(cancellationToken);
        foreach (var evaluation in neverEnqueued)
        {
            await EnqueueAsync(db, evaluation.Id, evaluation.Queue, cancellationToken);
        }

        await EnforceArtifactCapAsync(db, cancellationToken);
    }

    /// <summary>Keeps the artifact store under its cap, never deleting an upload that an unfinished evaluation needs.</summary>
    private async Task EnforceArtifactCapAsync(LeaderboardDbContext db, CancellationToken cancellationToken)
    {
        var needed = await db.Evaluations.AsNoTracking()
            .Where(e => e.Status == SubmissionStatus.Queued || e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring)
            .Select(e => e.Submission!.ArtifactSha256)
            .Distinct()
            .ToListAsync(cancellationToken);
        var evicted = artifacts.EvictLeastRecentlyUsed(storage.Value.MaxArtifactBytes, needed.ToHashSet(StringComparer.Ordinal));
        if (evicted.Count > 0)
        {
            LogArtifactsEvicted(logger, evicted.Count, storage.Value.MaxArtifactBytes);
        }
    }

    private async Task RecoverExpiredAsync(LeaderboardDbContext db, Guid evaluationId, int attempt, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken)
    {
        var stillExpired = db.Evaluations.Where(e => e.Id == evaluationId && e.LeaseExpiresAt == leaseExpiresAt
            && (e.Status == SubmissionStatus.Running || e.Status == SubmissionStatus.Scoring));

        if (attempt >= options.Value.MaxAttempts)
        {
            var failed = await stillExpired.ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, SubmissionStatus.Failed)
                .SetProperty(e => e.FailureReason, FailureReason.InfrastructureError)
                .SetProperty(e => e.FailureDetail, $"The run was interrupted {attempt} times (worker lost); it does not count against your quota.")
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(e => e.FinishedAt, clock.GetUtcNow()), cancellationToken);
            if (failed == 1)
            {
                await db.Submissions.Where(s => s.Evaluations.Any(e => e.Id == evaluationId))
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(s => s.Status, SubmissionStatus.Failed)
                        .SetProperty(s => s.FailureReason, FailureReason.InfrastructureError)
                        .SetProperty(s => s.UpdatedAt, clock.GetUtcNow()), cancellationToken);
                LogGaveUp(logger, evaluationId, attempt);
            }

            return;
        }

        var requeued = await stillExpired.ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, SubmissionStatus.Queued)
            .SetProperty(e => e.LeaseOwner, (string?)null)
            .SetProperty(e => e.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(e => e.JobId, (string?)null), cancellationToken);
        if (requeued == 1)
        {
            await db.Submissions.Where(s => s.Evaluations.Any(e => e.Id == evaluationId))
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SubmissionStatus.Queued).SetProperty(s => s.UpdatedAt, clock.GetUtcNow()), cancellationToken);
            var queue = await db.Evaluations.Where(e => e.Id == evaluationId).Select(e => e.Queue).SingleAsync(cancellationToken);
            LogRequeued(logger, evaluationId, attempt);
            await EnqueueAsync(db, evaluationId, queue, cancellationToken);
        }
    }

    private async Task EnqueueAsync(LeaderboardDbContext db, Guid evaluationId, string queue, CancellationToken cancellationToken)
    {
        // Claiming the right to enqueue first keeps two recovering workers from both enqueuing.
        var marker = "recovering:" + options.Value.WorkerId;
        var claimed = await db.Evaluations
            .Where(e => e.Id == evaluationId && e.Status == SubmissionStatus.Queued && e.JobId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.JobId, marker), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var jobId = jobs.Create<IEvaluationJob>(job => job.RunAsync(evaluationId, CancellationToken.None), new EnqueuedState(queue));
        await db.Evaluations.Where(e => e.Id == evaluationId).ExecuteUpdateAsync(set => set.SetProperty(e => e.JobId, jobId), cancellationToken);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Removed {Count} containers left by an earlier run of worker {WorkerId}")]
    private static partial void LogOrphansRemoved(ILogger logger, int count, string workerId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} lost its worker after attempt {Attempt}; queued again")]
    private static partial void LogRequeued(ILogger logger, Guid evaluationId, int attempt);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Evaluation {EvaluationId} failed after {Attempt} interrupted attempts")]
    private static partial void LogGaveUp(ILogger logger, Guid evaluationId, int attempt);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Deleted {Count} least recently used uploads to keep the artifact store under {MaxBytes} bytes")]
    private static partial void LogArtifactsEvicted(ILogger logger, int count, long maxBytes);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Recovery pass failed; it runs again at the next interval")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}
