using Docker.DotNet.Models;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;

namespace Leaderboard.Sandbox.Tests;

/// <summary>A restarted worker removes what its crash left behind, and only that.</summary>
[Collection(DockerCollection.Name)]
public sealed class OrphanCleanupTests
{
    [Fact]
    public async Task Sweep_RemovesOwnContainersAndFolders()
    {
        await using var harness = new SandboxHarness();
        var imageId = await harness.LoadAsync(TestImage.ShellScript("sleep 60"));
        var client = await harness.Clients.GetClientAsync(CancellationToken.None);
        var own = await CreateLabelledContainerAsync(client, imageId, harness.WorkerId, start: true);
        var ownStopped = await CreateLabelledContainerAsync(client, imageId, harness.WorkerId, start: false);
        var otherWorker = await CreateLabelledContainerAsync(client, imageId, harness.WorkerId + "-other", start: false);
        var staleFolder = Path.Combine(harness.WorkRoot, harness.WorkerId, "crashed-run", "output");
        Directory.CreateDirectory(staleFolder);
        File.WriteAllText(Path.Combine(staleFolder, "predictions.csv"), "0.5,0.5,0.5\n");

        try
        {
            var removed = await harness.Sandbox.RemoveOrphanedContainersAsync(harness.WorkerId, CancellationToken.None);

            Assert.Equal(2, removed);
            Assert.Empty(await harness.ListContainersAsync());
            Assert.NotNull(await client.Containers.InspectContainerAsync(otherWorker, CancellationToken.None));
            Assert.False(Directory.Exists(Path.Combine(harness.WorkRoot, harness.WorkerId, "crashed-run")));
            await harness.AssertNothingLeftAsync();
            _ = (own, ownStopped);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(otherWorker, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Sweep_WithNothingLeft_ReturnsZero()
    {
        await using var harness = new SandboxHarness();

        Assert.Equal(0, await harness.Sandbox.RemoveOrphanedContainersAsync(harness.WorkerId, CancellationToken.None));
    }

    private static async Task<string> CreateLabelledContainerAsync(Docker.DotNet.DockerClient client, string imageId, string workerId, bool start)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = imageId,
            Labels = new Dictionary<string, string>
            {
                [SandboxLabels.WorkerId] = workerId,
                [SandboxLabels.EvaluationId] = "crashed-" + Guid.NewGuid().ToString("N"),
            },
            User = "65534:65534",
            HostConfig = new HostConfig { NetworkMode = "none", Init = true },
        }, CancellationToken.None);
        if (start)
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), CancellationToken.None);
        }

        return created.ID;
    }
}
