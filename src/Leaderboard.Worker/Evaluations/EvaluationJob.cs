using Hangfire;
using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.Submissions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Infrastructure.Storage;
using Leaderboard.Worker.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leaderboard.Worker.Evaluations;

/// <summary>
/// Runs one evaluation: claim, verify the test data, load the image, run it in the sandbox,
/// parse and score the predictions, store the results. Hangfire may deliver this job more than
/// once. The claim is a conditional update, so a second delivery of a claimed or finished
/// evaluation returns without doing anything and results are written once.
/// </summary>
// Failures are recorded on the evaluation itself, so Hangfire's retries would only repeat work.
[AutomaticRetry(Attempts = 0)]
public sealed partial class EvaluationJob(
    LeaderboardDbContext db,
    EvaluationLeases leases,
    ISubmissionSandbox sandbox,
    ArtifactStore artifacts,
    TestSetVerifier verifier,
    GpuPool gpus,
    IOptions<WorkerOptions> options,
    IServiceScopeFactory scopes,
    ILogger<EvaluationJob> logger) : IEvaluationJob
{
    public async Task RunAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        // Checkpoint: a second delivery of this job stops here unless the first one's lease expired.
        if (!await leases.TryClaimAsync(evaluationId, cancellationToken))
        {
            LogNotClaimed(logger, evaluationId);
            return;
        }

        LogClaimed(logger, evaluationId, leases.WorkerId);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(evaluationId, leaseLost);
        try
        {
            await RunClaimedAsync(evaluationId, leaseLost.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the lease expires and the recovery pass queues the evaluation again.
            LogInterrupted(logger, evaluationId);
            throw;
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            LogLeaseLost(logger, evaluationId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInfrastructureError(logger, ex, evaluationId);
            await leases.FailAsync(evaluationId, FailureReason.InfrastructureError,
                "The platform failed while running this submission; it does not count against your quota.", null, null, [], CancellationToken.None);
        }
        finally
        {
            await leaseLost.CancelAsync();
            await renewal;
        }
    }

    private async Task RunClaimedAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        var evaluation = await db.Evaluations.AsNoTracking()
            .Include(e => e.Submission!).ThenInclude(s => s.Phase)
            .Include(e => e.TestSetVersion)
            .SingleAsync(e => e.Id == evaluationId, cancellationToken);
        var submission = evaluation.Submission!;
        var phase = submission.Phase!;
        var version = evaluation.TestSetVersion!;

        var mismatch = await verifier.VerifyAsync(version, cancellationToken);
        if (mismatch is not null)
        {
            LogTestSetMismatch(logger, evaluationId, mismatch);
            await leases.FailAsync(evaluationId, FailureReason.InfrastructureError, "The worker's copy of the test set does not match the registered version, so nothing was run. This run does not count against your quota.", mismatch, null, [], cancellationToken);
            return;
        }

        var labels = await db.LoadLabelsAsync(version, cancellationToken);
        if (!artifacts.Exists(submission.ArtifactSha256))
        {
            await leases.FailAsync(evaluationId, FailureReason.InfrastructureError,
                "The uploaded archive is no longer in the artifact store; upload it again. This run does not count against your quota.", null, null, [], cancellationToken);
            return;
        }

        artifacts.MarkUsed(submission.ArtifactSha256);
        var archive = artifacts.GetPath(submission.ArtifactSha256);
        var limits = ArchiveLimits.Default with { MaxCompressedBytes = phase.MaxUploadBytes };
        var image = await sandbox.LoadImageAsync(archive, limits, cancellationToken);
        if (!image.IsLoaded)
        {
            await leases.FailAsync(evaluationId, image.Failure ?? FailureReason.InvalidArchive, image.Error, null, null, [], cancellationToken);
            return;
        }

        try
        {
            await RunImageAsync(evaluation, phase, version, labels, image.ImageId!, cancellationToken);
        }
        finally
        {
            await RemoveImageUnlessNeededAsync(submission, image.ImageId!);
        }
    }

    private async Task RunImageAsync(Evaluation evaluation, Phase phase, TestSetVersion version, TestSetLabels labels, string imageId, CancellationToken cancellationToken)
    {
        var policy = phase.SandboxPolicy;
        var gpuIds = gpus.TryAcquire(Math.Min(policy.GpuCount, options.Value.GpuIds.Count)) ?? [];
        SandboxOutcome outcome;
        try
        {
            var run = new SandboxRun(evaluation.Id.ToString(), leases.WorkerId, imageId, version.ExamDirectory, version.SplitName, labels.CaseIds, policy, gpuIds);
            outcome = await sandbox.RunAsync(run, cancellationToken);
        }
        finally
        {
            gpus.Release(gpuIds);
        }

        LogRunEnded(logger, evaluation.Id, outcome.Failure?.ToCode() ?? "ok", outcome.ExitCode, outcome.Duration.TotalSeconds);
        if (outcome.Failure is { } failure)
        {
            await leases.FailAsync(evaluation.Id, failure, outcome.FailureDetail, outcome.Log, outcome.ExitCode, [], cancellationToken);
            return;
        }

        await ScoreAsync(evaluation.Id, version, labels, outcome, cancellationToken);
    }

    private async Task ScoreAsync(Guid evaluationId, TestSetVersion version, TestSetLabels labels, SandboxOutcome outcome, CancellationToken cancellationToken)
    {
        if (!await leases.MarkScoringAsync(evaluationId, cancellationToken))
        {
            LogLeaseLost(logger, evaluationId);
            return;
        }

        var parsed = PredictionParser.Parse(outcome.PredictionsCsv ?? [], labels.CaseIds);
        if (!parsed.IsValid)
        {
            var detail = string.Join("\n", parsed.Errors);
            await leases.FailAsync(evaluationId, FailureReason.InvalidPredictions, detail, outcome.Log, outcome.ExitCode, [.. parsed.Errors, .. parsed.Warnings], cancellationToken);
            return;
        }

        var report = Scorer.Score(labels, parsed.Predictions!, BootstrapSeed.FromTestSetVersion(version.ContentHash));
        var stored = await leases.FinishAsync(evaluationId, new ScoredRun(report, parsed.Predictions!, parsed.Warnings, outcome.Log, outcome.ExitCode), cancellationToken);
        if (stored)
        {
            LogScored(logger, evaluationId, report.MeanAuc.Value);
        }
        else
        {
            LogLeaseLost(logger, evaluationId);
        }
    }

    /// <summary>Keeps the image while another queued or running evaluation uploaded the same archive.</summary>
    private async Task RemoveImageUnlessNeededAsync(Submission submission, string imageId)
    {
        var needed = await db.Evaluations.AnyAsync(e =>
            e.SubmissionId != submission.Id
            && e.Submission!.ArtifactSha256 == submission.ArtifactSha256
            && (e.Status == SubmissionStatus.Queued || e.Status == SubmissionStatus.Running), CancellationToken.None);
        if (!needed)
        {
            await sandbox.RemoveImageAsync(imageId, CancellationToken.None);
        }
    }

    private async Task RenewLeaseAsync(Guid evaluationId, CancellationTokenSource leaseLost)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(leaseLost.Token))
            {
                if (!await RenewOnceAsync(evaluationId, leaseLost.Token))
                {
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // The run ended or the lease was lost; either way renewal stops.
        }
    }

    /// <summary>Renews in a scope of its own, since the job's DbContext is busy with the run.</summary>
    private async Task<bool> RenewOnceAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluationLeases>().RenewAsync(evaluationId, cancellationToken);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Evaluation {EvaluationId} claimed by worker {WorkerId}")]
    private static partial void LogClaimed(ILogger logger, Guid evaluationId, string workerId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Evaluation {EvaluationId} is claimed elsewhere or done; this delivery does nothing")]
    private static partial void LogNotClaimed(ILogger logger, Guid evaluationId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} interrupted by shutdown; it is queued again when its lease expires")]
    private static partial void LogInterrupted(ILogger logger, Guid evaluationId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} lost its lease; another worker owns the result")]
    private static partial void LogLeaseLost(ILogger logger, Guid evaluationId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Evaluation {EvaluationId} failed with an infrastructure error")]
    private static partial void LogInfrastructureError(ILogger logger, Exception exception, Guid evaluationId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Evaluation {EvaluationId} not run: {Mismatch}")]
    private static partial void LogTestSetMismatch(ILogger logger, Guid evaluationId, string mismatch);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Evaluation {EvaluationId} run ended: {Outcome}, exit code {ExitCode}, {Seconds:F1} s")]
    private static partial void LogRunEnded(ILogger logger, Guid evaluationId, string outcome, long? exitCode, double seconds);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Evaluation {EvaluationId} scored: mean AUC {MeanAuc:F4}")]
    private static partial void LogScored(ILogger logger, Guid evaluationId, double meanAuc);
}
