using Docker.DotNet.Models;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;
using Xunit.Abstractions;

namespace Leaderboard.Sandbox.Tests;

/// <summary>Reads a running container back from the engine and finds every setting of the policy.</summary>
[Collection(DockerCollection.Name)]
public sealed class PolicyEnforcementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunningContainer_HasEveryPolicySetting()
    {
        await using var harness = new SandboxHarness(output);
        var policy = SandboxHarness.TestPolicy;
        var imageId = await harness.LoadAsync(TestImage.ShellScript("echo started; sleep 60"));
        var run = harness.NewRun(imageId);
        using var cancel = new CancellationTokenSource();
        var running = harness.Sandbox.RunAsync(run, cancel.Token);

        // The snapshot is asserted after the run is cancelled, so a failed assertion leaves no container running.
        ContainerInspectResponse container;
        Exception? ended;
        try
        {
            container = await WaitForRunningContainerAsync(harness, run.EvaluationId);
        }
        finally
        {
            await cancel.CancelAsync();
            ended = await Record.ExceptionAsync(() => running);
        }

        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        await harness.AssertNothingLeftAsync();

        var host = container.HostConfig!;
        var config = container.Config!;

        Assert.Equal("none", host.NetworkMode);
        Assert.True(host.ReadonlyRootfs);
        Assert.Contains("size=16777216", host.Tmpfs!["/tmp"], StringComparison.Ordinal);
        Assert.Equal(["ALL"], host.CapDrop!);
        Assert.Contains("no-new-privileges", host.SecurityOpt!);
        Assert.False(host.Privileged);
        Assert.Equal("65534:65534", config.User);
        Assert.Equal(policy.MemoryBytes, host.Memory);
        Assert.Equal(policy.MemoryBytes, host.MemorySwap);
        Assert.Equal(1_000_000_000, host.NanoCPUs);
        Assert.Equal(policy.PidsLimit, host.PidsLimit);
        var nofile = Assert.Single(host.Ulimits!);
        Assert.Equal("nofile", nofile.Name);
        Assert.Equal(policy.OpenFilesLimit, nofile.Soft);
        Assert.Equal(policy.OpenFilesLimit, nofile.Hard);
        Assert.Equal(policy.ShmSizeBytes, host.ShmSize);
        Assert.Equal("private", host.IpcMode);
        Assert.True(host.Init);
        Assert.Equal("json-file", host.LogConfig!.Type);
        Assert.Equal(policy.LogFileMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), host.LogConfig.Config!["max-size"]);
        Assert.Equal(run.EvaluationId, config.Labels![SandboxLabels.EvaluationId]);
        Assert.Equal(harness.WorkerId, config.Labels[SandboxLabels.WorkerId]);
        Assert.True(host.DeviceRequests is null || host.DeviceRequests.Count == 0);
        Assert.Equal(["/mrnet/input/input.csv", "/mrnet/output/predictions.csv"], config.Cmd!.TakeLast(2));
        Assert.Contains("MRNET_DATA_DIR=/data/MRNet-v1.0", config.Env!);
        Assert.Contains("HOME=/tmp", config.Env!);

        var mounts = container.Mounts!.ToDictionary(m => m.Destination);
        Assert.False(mounts["/data/MRNet-v1.0/test"].RW);
        Assert.Equal(harness.TestSet.SplitDirectory, mounts["/data/MRNet-v1.0/test"].Source);
        Assert.False(mounts["/mrnet/input"].RW);
        Assert.True(mounts["/mrnet/output"].RW);
    }

    [Fact]
    public async Task CancelledRun_LeavesNothing()
    {
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript("trap '' TERM; sleep 60"));
        var run = harness.NewRun(imageId);
        using var cancel = new CancellationTokenSource();
        var running = harness.Sandbox.RunAsync(run, cancel.Token);
        try
        {
            await WaitForRunningContainerAsync(harness, run.EvaluationId);
        }
        finally
        {
            await cancel.CancelAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    private static async Task<ContainerInspectResponse> WaitForRunningContainerAsync(SandboxHarness harness, string evaluationId)
    {
        var client = await harness.Clients.GetClientAsync(CancellationToken.None);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var match = (await harness.ListContainersAsync())
                .FirstOrDefault(c => c.Labels!.TryGetValue(SandboxLabels.EvaluationId, out var id) && id == evaluationId);
            if (match is not null)
            {
                var container = await client.Containers.InspectContainerAsync(match.ID, CancellationToken.None);
                if (container.State?.Running == true)
                {
                    return container;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No running container of evaluation {evaluationId} appeared within 10 s.");
    }
}
