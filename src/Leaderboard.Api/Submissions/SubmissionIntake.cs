using Hangfire;
using Leaderboard.Domain.Quotas;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Api.Submissions;

/// <summary>A submission that was accepted, or the status code, reason and message of a rejection.</summary>
public sealed record IntakeResult(Submission? Submission, int StatusCode, string? Reason, string? Message, TimeSpan? RetryAfter = null)
{
    public static IntakeResult Accepted(Submission submission) => new(submission, StatusCodes.Status202Accepted, null, null);

    public static IntakeResult Rejected(int statusCode, string reason, string message) => new(null, statusCode, reason, message);
}

/// <summary>
/// Takes an upload from the request body to a queued evaluation. A rejected upload leaves no
/// row and no file: the body is staged and checked first, then the rows are inserted and the
/// file moved into the store inside one transaction, and the job is enqueued after commit.
/// </summary>
public sealed partial class SubmissionIntake(
    LeaderboardDbContext db,
    ArtifactStore store,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    ILogger<SubmissionIntake> logger)
{
    public async Task<IntakeResult> SubmitAsync(Phase phase, Guid teamId, string modelName, string? modelUrl, Stream body, CancellationToken cancellationToken)
    {
        if (phase.ActiveTestSetVersionId is not { } testSetVersionId)
        {
            return IntakeResult.Rejected(StatusCodes.Status409Conflict, "no_test_set",
                "This phase has no active test set yet, so submissions cannot be run. Ask the organizers.");
        }

        var staged = await store.StageAsync(body, phase.MaxUploadBytes, cancellationToken);
        if (staged.IsTooLarge)
        {
            return IntakeResult.Rejected(StatusCodes.Status413RequestEntityTooLarge, FailureReason.TooLarge.ToCode(),
                $"The upload is larger than this phase's limit of {phase.MaxUploadBytes} bytes. Remove unused layers or files from the image.");
        }

        try
        {
            var rejection = await CheckArchiveAsync(staged, phase.MaxUploadBytes, cancellationToken);
            if (rejection is not null)
            {
                return rejection;
            }

            return await InsertAsync(phase, testSetVersionId, teamId, modelName, modelUrl, staged, cancellationToken);
        }
        finally
        {
            // After a commit the staging file has moved, and deleting a missing file is a no-op.
            ArtifactStore.Discard(staged);
        }
    }

    /// <summary>
    /// Runs the same streaming archive checks the worker runs before <c>docker load</c>, so a
    /// competitor learns at once that an upload is not a one-image <c>docker save</c> archive.
    /// </summary>
    private static async Task<IntakeResult?> CheckArchiveAsync(StagedArtifact staged, long maxUploadBytes, CancellationToken cancellationToken)
    {
        var formatError = ArchiveFormat.Check(staged.Header);
        if (formatError is not null)
        {
            return IntakeResult.Rejected(StatusCodes.Status400BadRequest, FailureReason.InvalidArchive.ToCode(), formatError);
        }

        var limits = ArchiveLimits.Default with { MaxCompressedBytes = maxUploadBytes };
        var inspection = await ArchiveInspector.InspectAsync(staged.StagingPath!, limits, cancellationToken);
        if (inspection.IsValid)
        {
            return null;
        }

        var reason = inspection.Failure ?? FailureReason.InvalidArchive;
        var status = reason == FailureReason.TooLarge ? StatusCodes.Status413RequestEntityTooLarge : StatusCodes.Status400BadRequest;
        return IntakeResult.Rejected(status, reason.ToCode(), inspection.Error ?? "The archive is invalid.");
    }

    private async Task<IntakeResult> InsertAsync(
        Phase phase, Guid testSetVersionId, Guid teamId, string modelName, string? modelUrl, StagedArtifact staged, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var queue = phase.SandboxPolicy.GpuCount > 0 ? EvaluationQueues.Gpu : EvaluationQueues.Cpu;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serialises concurrent uploads of one team to one phase, so that two uploads at the
        // same moment cannot both pass a limit that only one of them fits.
        var lockKey = QuotaLockKey(teamId, phase.Id);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);

        var limits = new QuotaLimits(phase.DailySubmissionLimit, phase.TotalSubmissionLimit, phase.ConcurrentRunLimit);
        var usage = await CountUsageAsync(teamId, phase.Id, now, cancellationToken);
        var quotaError = QuotaRules.CheckNewSubmission(limits, usage);
        if (quotaError is not null)
        {
            return IntakeResult.Rejected(StatusCodes.Status429TooManyRequests, "quota_exceeded", quotaError) with
            {
                RetryAfter = QuotaRules.RetryAfter(limits, usage, now),
            };
        }

        var submission = new Submission
        {
            Id = Guid.CreateVersion7(now),
            TeamId = teamId,
            PhaseId = phase.Id,
            ModelName = modelName,
            ModelUrl = modelUrl,
            Kind = SubmissionKind.ContainerImage,
            ArtifactSha256 = staged.Sha256,
            ArtifactBytes = staged.Bytes,
            Status = SubmissionStatus.Queued,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        var evaluation = new Evaluation
        {
            Id = Guid.CreateVersion7(now),
            SubmissionId = submission.Id,
            TestSetVersionId = testSetVersionId,
            Status = SubmissionStatus.Queued,
            Queue = queue,
            QueuedAt = now,
        };
        db.Submissions.Add(submission);
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(cancellationToken);

        var storedNew = store.Commit(staged);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (storedNew)
        {
            LogCommitFailed(logger, ex, submission.Id);
            await RemoveUnreferencedArtifactAsync(staged.Sha256);
            throw;
        }

        await EnqueueAsync(evaluation, cancellationToken);
        LogSubmissionAccepted(logger, submission.Id, teamId, phase.Id, staged.Bytes);
        return IntakeResult.Accepted(submission);
    }

    private async Task<QuotaUsage> CountUsageAsync(Guid teamId, Guid phaseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Submissions
            .Where(s => s.TeamId == teamId && s.PhaseId == phaseId)
            .Select(s => new { s.Status, s.FailureReason, s.SubmittedAt, Started = s.Evaluations.Any(e => e.StartedAt != null) })
            .ToListAsync(cancellationToken);

        var counted = rows.Where(r => QuotaRules.CountsAgainstQuota(r.Status, r.FailureReason, r.Started)).ToList();
        var inWindow = counted.Where(r => r.SubmittedAt > now - QuotaRules.DailyWindow).ToList();
        return new QuotaUsage(
            LastDay: inWindow.Count,
            Total: counted.Count,
            Active: rows.Count(r => QuotaRules.IsActive(r.Status)),
            OldestInWindow: inWindow.Count == 0 ? null : inWindow.Min(r => r.SubmittedAt));
    }

    private async Task RemoveUnreferencedArtifactAsync(string sha256)
    {
        db.ChangeTracker.Clear();
        var referenced = await db.Submissions.AnyAsync(s => s.ArtifactSha256 == sha256, CancellationToken.None);
        if (!referenced)
        {
            store.Remove(sha256);
        }
    }

    /// <summary>
    /// Enqueues the evaluation's job and records its id. If this fails, the evaluation stays
    /// queued without a job id and the worker's recovery pass enqueues it again.
    /// </summary>
    private async Task EnqueueAsync(Evaluation evaluation, CancellationToken cancellationToken)
    {
        var jobId = jobs.Create<IEvaluationJob>(
            job => job.RunAsync(evaluation.Id, CancellationToken.None),
            new Hangfire.States.EnqueuedState(evaluation.Queue));
        await db.Evaluations
            .Where(e => e.Id == evaluation.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.JobId, jobId), cancellationToken);
    }

    private static long QuotaLockKey(Guid teamId, Guid phaseId)
    {
        Span<byte> team = stackalloc byte[16];
        Span<byte> phase = stackalloc byte[16];
        teamId.TryWriteBytes(team);
        phaseId.TryWriteBytes(phase);
        return BitConverter.ToInt64(team) ^ BitConverter.ToInt64(team[8..]) ^ BitConverter.ToInt64(phase) ^ (BitConverter.ToInt64(phase[8..]) * 31);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Accepted submission {SubmissionId} of team {TeamId} to phase {PhaseId} ({Bytes} bytes)")]
    private static partial void LogSubmissionAccepted(ILogger logger, Guid submissionId, Guid teamId, Guid phaseId, long bytes);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Committing submission {SubmissionId} failed; its new artifact is removed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, Guid submissionId);
}
