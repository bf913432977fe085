using Docker.DotNet;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leaderboard.Sandbox.Tests;

/// <summary>The API version both sides speak, the options check, and an unreachable engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class EngineNegotiationTests
{
    [Fact]
    public async Task ApiVersion_IsLowerOfEngineAndClient()
    {
        SandboxHarness.RequireDocker();
        using var probe = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + SandboxHarness.DockerSocket)).WithApiVersion(null).Build();
        var engineMax = Version.Parse((await probe.System.GetVersionAsync(CancellationToken.None)).APIVersion);
        await using var services = Build(new() { ["Sandbox:WorkRoot"] = Path.GetTempPath() });
        var provider = services.GetRequiredService<DockerClientProvider>();

        var client = await provider.GetClientAsync(CancellationToken.None);
        await client.System.PingAsync(CancellationToken.None);

        var clientMax = new Version(1, 52);
        Assert.Equal(engineMax < clientMax ? engineMax : clientMax, provider.ApiVersion);
        Assert.Equal(provider.ApiVersion, client.Options.ApiVersion);
    }

    [Fact]
    public async Task ApiVersion_IsCappedByOptions()
    {
        SandboxHarness.RequireDocker();
        await using var services = Build(new() { ["Sandbox:WorkRoot"] = Path.GetTempPath(), ["Sandbox:MaxApiVersion"] = "1.40" });
        var provider = services.GetRequiredService<DockerClientProvider>();

        var client = await provider.GetClientAsync(CancellationToken.None);
        var version = await client.System.GetVersionAsync(CancellationToken.None);

        Assert.Equal(new Version(1, 40), provider.ApiVersion);
        Assert.False(string.IsNullOrEmpty(version.Version));
    }

    [Theory]
    [InlineData("Sandbox:DockerEndpoint", "ftp://docker", "DockerEndpoint")]
    [InlineData("Sandbox:MaxApiVersion", "1.12", "MaxApiVersion")]
    [InlineData("Sandbox:WorkRoot", "relative/path", "WorkRoot")]
    [InlineData("Sandbox:CleanupTimeout", "00:00:00", "CleanupTimeout")]
    public async Task InvalidOptions_FailValidation(string key, string value, string expected)
    {
        await using var services = Build(new() { ["Sandbox:WorkRoot"] = Path.GetTempPath(), [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SandboxOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEngine_IsInfrastructureError()
    {
        var root = Path.Combine(Path.GetTempPath(), "mrnet-sandbox-tests", Guid.NewGuid().ToString("N"));
        var testSet = TestSetFolder.Create(Path.Combine(root, "data"));
        var archive = Path.Combine(root, "image.tar");
        var imageId = TestImage.WriteArchive(archive, TestImage.ShellScript("exit 0"));
        await using var services = Build(new()
        {
            ["Sandbox:WorkRoot"] = Path.Combine(root, "work"),
            ["Sandbox:DockerEndpoint"] = "unix://" + Path.Combine(root, "no-engine.sock"),
        });
        var sandbox = services.GetRequiredService<ISubmissionSandbox>();
        var run = new SandboxRun("unreachable", "sandbox-tests-unreachable", imageId, testSet.SplitDirectory, "test", testSet.CaseIds, SandboxHarness.TestPolicy, []);

        try
        {
            var load = await sandbox.LoadImageAsync(archive, ArchiveLimits.Default, CancellationToken.None);
            var outcome = await sandbox.RunAsync(run, CancellationToken.None);

            Assert.Equal(FailureReason.InfrastructureError, load.Failure);
            Assert.Equal(FailureReason.InfrastructureError, outcome.Failure);
            Assert.False(Directory.Exists(Path.Combine(root, "work")) && Directory.EnumerateFiles(Path.Combine(root, "work"), "*", SearchOption.AllDirectories).Any());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSubmissionSandbox(configuration).BuildServiceProvider();
    }
}
