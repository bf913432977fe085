using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Integration.Tests.Fixtures;
using Leaderboard.Worker.Evaluations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leaderboard.Integration.Tests.Worker;

/// <summary>
/// Nothing is lost when a worker dies: expired leases are queued again, a bounded number of
/// times, and a restarted worker removes the containers of its earlier crash. No worker takes
/// jobs until a test starts one, so each test controls when evaluations run.
/// </summary>
public sealed class RecoveryTests : IAsyncLifetime
{
    private LeaderboardServices _services = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        var phase = Infrastructure.Administration.PhaseSettings.Default with { ConcurrentLimit = 10, DailyLimit = 10 };
        _services = await LeaderboardServices.StartAsync(phase);
        _token = await _services.CreateTeamAsync("Recovery Team");
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task ExpiredLease_QueuedAgainAndRunToEnd()
    {
        var submissionId = await _services.UploadAsync(_token, await SmallArchive.GetAsync());
        await SimulateCrashedRunAsync(submissionId, attempt: 1);

        await _services.StartWorkerAsync("--Worker:RecoveryInterval=00:00:01", "--Worker:MaxAttempts=3");
        var evaluation = await WaitForTerminalAsync(submissionId);

        // The small archive's image writes no predictions, so the second attempt ends there.
        Assert.Equal(SubmissionStatus.Failed, evaluation.Status);
        Assert.Equal(FailureReason.MissingPredictions, evaluation.FailureReason);
        Assert.Equal(2, evaluation.Attempt);
    }

    [Fact]
    public async Task ExpiredLease_LastAttemptFails()
    {
        var submissionId = await _services.UploadAsync(_token, await SmallArchive.GetAsync());
        await SimulateCrashedRunAsync(submissionId, attempt: 3);

        await _services.StartWorkerAsync("--Worker:RecoveryInterval=00:00:01", "--Worker:MaxAttempts=3");
        var evaluation = await WaitForTerminalAsync(submissionId);

        Assert.Equal(SubmissionStatus.Failed, evaluation.Status);
        Assert.Equal(FailureReason.InfrastructureError, evaluation.FailureReason);
        Assert.True(FailureReason.InfrastructureError.IsPlatformFault());
        var submission = await _services.QueryAsync(db => db.Submissions.SingleAsync(s => s.Id == submissionId));
        Assert.Equal(SubmissionStatus.Failed, submission.Status);
    }

    [Fact]
    public async Task ConcurrentDeliveries_ClaimOnce()
    {
        var submissionId = await _services.UploadAsync(_token, await SmallArchive.GetAsync());
        // Serving only the GPU queue keeps this worker from taking the CPU job itself.
        await _services.StartWorkerAsync("--Worker:CpuSlots=0", "--Worker:GpuIds:0=0");
        var evaluationId = await _services.QueryAsync(db => db.Evaluations.Where(e => e.SubmissionId == submissionId).Select(e => e.Id).SingleAsync());

        // Three deliveries of the same job at once, as Hangfire may do after a timeout.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var scope = _services.WorkerServices.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IEvaluationJob>().RunAsync(evaluationId, CancellationToken.None);
        }));

        var evaluation = await _services.QueryAsync(db => db.Evaluations.SingleAsync(e => e.Id == evaluationId));
        Assert.Equal(1, evaluation.Attempt);
        Assert.Equal(SubmissionStatus.Failed, evaluation.Status);
        Assert.Equal(FailureReason.MissingPredictions, evaluation.FailureReason);
    }

    [Fact]
    public async Task WorkerStart_RemovesOwnOrphanedContainers()
    {
        var image = (await DockerImages.RunDockerAsync("load", "-q", "-i", await SmallArchive.GetAsync())).Trim().Split(' ').Last();
        var orphan = (await DockerImages.RunDockerAsync("create", "--label", $"mrnet-leaderboard.worker-id={_services.WorkerId}", "--network", "none", image)).Trim();
        var foreign = (await DockerImages.RunDockerAsync("create", "--label", "mrnet-leaderboard.worker-id=someone-else", "--network", "none", image)).Trim();
        try
        {
            // Serving only the GPU queue keeps this worker from taking the CPU job itself.
        await _services.StartWorkerAsync("--Worker:CpuSlots=0", "--Worker:GpuIds:0=0");
            await WaitUntilAsync(async () => (await DockerImages.RunDockerAsync("ps", "-aq", "--no-trunc", "--filter", $"id={orphan}")).Trim() == "");

            Assert.Equal("", (await DockerImages.RunDockerAsync("ps", "-aq", "--no-trunc", "--filter", $"id={orphan}")).Trim());
            Assert.Equal(foreign, (await DockerImages.RunDockerAsync("ps", "-aq", "--no-trunc", "--filter", $"id={foreign}")).Trim());
        }
        finally
        {
            await DockerImages.RunDockerAsync("rm", "-f", foreign);
            await DockerImages.RunDockerAsync("rmi", "-f", image);
        }
    }

    /// <summary>Leaves the evaluation as a worker that died mid-run would: running, with a lease that has expired.</summary>
    private async Task SimulateCrashedRunAsync(Guid submissionId, int attempt)
    {
        await _services.QueryAsync(db => db.Evaluations
            .Where(e => e.SubmissionId == submissionId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, SubmissionStatus.Running)
                .SetProperty(e => e.LeaseOwner, "crashed-worker")
                .SetProperty(e => e.LeaseExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))
                .SetProperty(e => e.Attempt, attempt)
                .SetProperty(e => e.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-3))));
    }

    private async Task<Leaderboard.Infrastructure.Persistence.Entities.Evaluation> WaitForTerminalAsync(Guid submissionId)
    {
        Leaderboard.Infrastructure.Persistence.Entities.Evaluation? evaluation = null;
        await WaitUntilAsync(async () =>
        {
            evaluation = await _services.QueryAsync(db => db.Evaluations.SingleAsync(e => e.SubmissionId == submissionId));
            return evaluation.Status is SubmissionStatus.Finished or SubmissionStatus.Failed;
        });
        return evaluation!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 2 minutes.");
            await Task.Delay(250);
        }
    }
}
