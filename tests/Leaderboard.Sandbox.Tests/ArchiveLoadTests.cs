using System.Formats.Tar;
using System.Text.Json.Nodes;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;

namespace Leaderboard.Sandbox.Tests;

/// <summary>Loading archives into the real engine: accepted ones by id and without tags, rejected ones never.</summary>
[Collection(DockerCollection.Name)]
public sealed class ArchiveLoadTests
{
    [Fact]
    public async Task ValidArchive_LoadsById()
    {
        await using var harness = new SandboxHarness();

        var imageId = await harness.LoadAsync(TestImage.ShellScript("exit 0"));

        Assert.StartsWith("sha256:", imageId, StringComparison.Ordinal);
        Assert.Contains(imageId, await harness.ListImageIdsAsync());
    }

    [Fact]
    public async Task GzipArchive_Loads()
    {
        await using var harness = new SandboxHarness();

        var imageId = await harness.LoadAsync(TestImage.ShellScript("exit 0"), gzip: true);

        Assert.Contains(imageId, await harness.ListImageIdsAsync());
    }

    [Fact]
    public async Task Tags_AreNotLoaded()
    {
        // A submission tagged like a platform image must not re-point that tag.
        await using var harness = new SandboxHarness();
        var tag = $"mrnet-sandbox-tests/hijack:{harness.WorkerId}";

        var imageId = await harness.LoadAsync(TestImage.ShellScript("exit 0"), repoTags: [tag]);

        var client = await harness.Clients.GetClientAsync(CancellationToken.None);
        var image = await client.Images.InspectImageAsync(imageId, CancellationToken.None);
        Assert.Empty(image.RepoTags ?? []);
        await Assert.ThrowsAsync<Docker.DotNet.DockerImageNotFoundException>(() => client.Images.InspectImageAsync(tag, CancellationToken.None));
    }

    public static TheoryData<string> HostileArchives => ["dot-dot path", "two images", "gzip bomb", "not a tar", "absolute symlink"];

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task HostileArchive_IsNeverLoaded(string kind)
    {
        await using var harness = new SandboxHarness();
        var path = harness.NewArchivePath();
        var expectedId = WriteHostileArchive(kind, path, harness.WorkerId);
        var before = await harness.ListImageIdsAsync();

        var result = await harness.Sandbox.LoadImageAsync(path, ArchiveLimits.Default, CancellationToken.None);
        if (result.ImageId is not null)
        {
            harness.Track(result.ImageId);
        }

        Assert.False(result.IsLoaded);
        Assert.Null(result.ImageId);
        Assert.Equal(FailureReason.InvalidArchive, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        var after = await harness.ListImageIdsAsync();
        Assert.DoesNotContain(expectedId ?? "(none)", after);

        // Other engines' users may add images meanwhile; none of the new ones may be this archive's.
        var client = await harness.Clients.GetClientAsync(CancellationToken.None);
        foreach (var newImage in after.Except(before))
        {
            var inspected = await client.Images.InspectImageAsync(newImage, CancellationToken.None);
            Assert.DoesNotContain(harness.WorkerId, string.Join(" ", inspected.Config?.Entrypoint ?? []), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CorruptLayer_IsRejectedByEngine()
    {
        // The outer tar is sound, but the layer inside is not a tar, which only the engine reads.
        await using var harness = new SandboxHarness();
        var path = harness.NewArchivePath();
        var configBytes = TestImage.ConfigJson(TestImage.ShellScript("exit 0"), "sha256:" + new string('0', 64));
        var configName = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(configBytes)) + ".json";
        TestImage.WriteTar(path, gzip: false, w =>
        {
            TestImage.AddFile(w, "layer/layer.tar", "this is not a tar"u8.ToArray());
            TestImage.AddFile(w, configName, configBytes);
            TestImage.AddFile(w, "manifest.json", System.Text.Encoding.UTF8.GetBytes(
                new JsonArray(new JsonObject { ["Config"] = configName, ["Layers"] = new JsonArray("layer/layer.tar") }).ToJsonString()));
        });

        var result = await harness.Sandbox.LoadImageAsync(path, ArchiveLimits.Default, CancellationToken.None);

        Assert.False(result.IsLoaded);
        Assert.Equal(FailureReason.InvalidArchive, result.Failure);
        Assert.Contains("Docker Engine rejected", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLargeArchive_IsTooLarge()
    {
        await using var harness = new SandboxHarness();
        var path = harness.NewArchivePath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"));

        var result = await harness.Sandbox.LoadImageAsync(path, ArchiveLimits.Default with { MaxCompressedBytes = 4096 }, CancellationToken.None);

        Assert.Equal(FailureReason.TooLarge, result.Failure);
        Assert.Contains("4096", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveImage_ReturnsFalseWhenGone()
    {
        await using var harness = new SandboxHarness();
        var imageId = await harness.LoadAsync(TestImage.ShellScript("echo removable; exit 0"));

        Assert.True(await harness.Sandbox.RemoveImageAsync(imageId, CancellationToken.None));
        Assert.False(await harness.Sandbox.RemoveImageAsync(imageId, CancellationToken.None));
        Assert.DoesNotContain(imageId, await harness.ListImageIdsAsync());
    }

    [Fact]
    public async Task RemoveImage_KeepsTaggedImage()
    {
        // A submission identical to an image someone tagged on this engine must not delete it.
        await using var harness = new SandboxHarness();
        var imageId = await harness.LoadAsync(TestImage.ShellScript("echo tagged; exit 0"));
        var client = await harness.Clients.GetClientAsync(CancellationToken.None);
        await client.Images.TagImageAsync(imageId, new Docker.DotNet.Models.ImageTagParameters { RepositoryName = "mrnet-sandbox-tests/kept", Tag = harness.WorkerId }, CancellationToken.None);

        try
        {
            Assert.False(await harness.Sandbox.RemoveImageAsync(imageId, CancellationToken.None));
            Assert.Contains(imageId, await harness.ListImageIdsAsync());
        }
        finally
        {
            await client.Images.DeleteImageAsync(imageId, new Docker.DotNet.Models.ImageDeleteParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>Writes one kind of hostile archive; returns the image id it would load as, when it has one.</summary>
    private static string? WriteHostileArchive(string kind, string path, string salt)
    {
        // The salt makes the image id unique to this test, so no other test's image can match it.
        var config = TestImage.ShellScript($"echo {salt}; exit 0");
        switch (kind)
        {
            case "dot-dot path":
                return TestImage.WriteArchive(path, config, extraEntries: w => TestImage.AddFile(w, "../../tmp/escaped", "x"u8.ToArray()));
            case "two images":
                return TestImage.WriteArchive(path, config, editManifest: m => new JsonArray(m[0]!.DeepClone(), m[0]!.DeepClone()));
            case "gzip bomb":
                // 512 MiB of zeros next to a 2 MiB layer: the archive expands about 300 times.
                return TestImage.WriteArchive(path, config, gzip: true, extraEntries: w => w.WriteEntry(
                    new PaxTarEntry(TarEntryType.RegularFile, "zeros") { DataStream = new ZeroStream(512L << 20) }));
            case "not a tar":
                File.WriteAllText(path, string.Concat(Enumerable.Repeat("FROM scratch\nCOPY . /\n", 100)));
                return null;
            case "absolute symlink":
                return TestImage.WriteArchive(path, config,
                    extraEntries: w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "etc-link") { LinkName = "/etc" }));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hostile archive.");
        }
    }
}
