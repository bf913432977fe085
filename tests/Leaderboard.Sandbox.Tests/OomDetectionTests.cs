using Leaderboard.Domain.Submissions;
using Leaderboard.Sandbox.Tests.Support;
using Xunit.Abstractions;

namespace Leaderboard.Sandbox.Tests;

/// <summary>
/// How an OOM kill of one process reads on this engine. With an init process the kernel kills
/// the process that passed the limit, not the container, so the exit code alone does not show
/// it. On Docker 20.10 with cgroup v1, the engine's OOMKilled flag and its "oom" event report a
/// kill of any process in the container. These tests pin that down.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class OomDetectionTests(ITestOutputHelper output)
{
    // /dev/shm pages count against the memory limit and cannot be swapped, so filling a
    // /dev/shm larger than the limit makes the kernel kill the writer.
    private static readonly Infrastructure.Sandbox.SandboxPolicy SmallMemory = SandboxHarness.TestPolicy with
    {
        MemoryBytes = 64L * 1024 * 1024,
        ShmSizeBytes = 256L * 1024 * 1024,
    };

    [Fact]
    public async Task KilledChild_NoPredictions_IsOutOfMemory()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("dd if=/dev/zero of=/dev/shm/fill bs=1M count=200; echo dd-exit=$?; exit 0", SmallMemory);

        Assert.Contains("dd-exit=137", outcome.Log, StringComparison.Ordinal);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(FailureReason.OutOfMemory, outcome.Failure);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task KilledChild_Recovered_Finishes()
    {
        // The program survived the kill of a helper and wrote its predictions: that run counts.
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""
            dd if=/dev/zero of=/dev/shm/fill bs=1M count=200; echo dd-exit=$?
            rm /dev/shm/fill
            for i in 1 2 3; do echo 0.5,0.5,0.5; done > "$2"
            """, SmallMemory);

        Assert.Contains("dd-exit=137", outcome.Log, StringComparison.Ordinal);
        Assert.Null(outcome.Failure);
        Assert.NotNull(outcome.PredictionsCsv);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task SelfKill_IsNotOutOfMemory()
    {
        // Exit code 137 alone is a SIGKILL, not necessarily the OOM killer.
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("kill -9 $$");

        Assert.Equal(137, outcome.ExitCode);
        Assert.Equal(FailureReason.ExitedNonzero, outcome.Failure);
        Assert.Contains("SIGKILL", outcome.FailureDetail, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }
}
