using Xunit.Abstractions;
using System.Text;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;

namespace Leaderboard.Sandbox.Tests;

/// <summary>The run contract with well-behaved images: command, arguments, environment, mounts and outcomes.</summary>
[Collection(DockerCollection.Name)]
public sealed class SandboxRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Predictor_Finishes()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync(SandboxHarness.PredictorScript);

        Assert.Null(outcome.Failure);
        Assert.Null(outcome.FailureDetail);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("0.5,0.25,0.75\n0.5,0.25,0.75\n0.5,0.25,0.75\n", Encoding.UTF8.GetString(outcome.PredictionsCsv!));
        Assert.Contains("rows=3", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Arguments_AreInputThenOutput()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync(SandboxHarness.PredictorScript);

        Assert.Contains("args=/mrnet/input/input.csv /mrnet/output/predictions.csv", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("env=/mrnet/input/input.csv /mrnet/output/predictions.csv /data/MRNet-v1.0 /tmp", outcome.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputCsv_ListsPlanesPerExam()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""cat "$1"; echo ok > "$2" """);

        var expected = string.Concat(harness.TestSet.CaseIds.SelectMany(caseId =>
            TestSetFolder.Planes.Select(plane => $"/data/MRNet-v1.0/test/{plane}/{caseId}.npy\n")));
        Assert.StartsWith(expected, outcome.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CmdWithoutEntrypoint_GetsArguments()
    {
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript(SandboxHarness.PredictorScript, asEntrypoint: false));

        var outcome = await harness.RunAsync(harness.NewRun(imageId), CancellationToken.None);

        Assert.Null(outcome.Failure);
        Assert.Contains("args=/mrnet/input/input.csv /mrnet/output/predictions.csv", outcome.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataMount_IsReadOnly()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""
            touch /data/MRNet-v1.0/test/sagittal/new.npy 2>/dev/null && echo data-writable || echo data-read-only
            touch /mrnet/input/new.csv 2>/dev/null && echo input-writable || echo input-read-only
            touch /new-file 2>/dev/null && echo rootfs-writable || echo rootfs-read-only
            touch /tmp/new-file && echo tmp-writable
            exit 0
            """);

        Assert.Contains("data-read-only", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("input-read-only", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("rootfs-read-only", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("tmp-writable", outcome.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(harness.TestSet.SplitDirectory, "sagittal", "new.npy")));
    }

    [Fact]
    public async Task NonzeroExit_IsExitedNonzero()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("echo failing on purpose >&2; exit 3");

        Assert.Equal(FailureReason.ExitedNonzero, outcome.Failure);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Contains("code 3", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Contains("failing on purpose", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task MissingCommand_IsExitedNonzero()
    {
        await using var harness = new SandboxHarness(output);
        var config = TestImage.ShellScript("exit 0");
        config["Entrypoint"] = new System.Text.Json.Nodes.JsonArray("/bin/does-not-exist");
        var imageId = await harness.LoadAsync(config);

        var outcome = await harness.RunAsync(harness.NewRun(imageId), CancellationToken.None);

        Assert.Equal(FailureReason.ExitedNonzero, outcome.Failure);
        Assert.Equal(127, outcome.ExitCode);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task NoOutput_IsMissingPredictions()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("echo done; exit 0");

        Assert.Equal(FailureReason.MissingPredictions, outcome.Failure);
        Assert.Contains("/mrnet/output/predictions.csv", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Null(outcome.PredictionsCsv);
    }

    [Theory]
    [InlineData("mkfifo \"$2\"", "not a regular file")]
    [InlineData("mkdir \"$2\"", "is a folder")]
    public async Task OutputNotRegularFile_IsInvalidPredictions(string command, string expected)
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync($"{command}; exit 0");

        Assert.Equal(FailureReason.InvalidPredictions, outcome.Failure);
        Assert.Contains(expected, outcome.FailureDetail, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task GpuPhaseWithoutGpu_IsGpuUnavailable()
    {
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript(SandboxHarness.PredictorScript));

        var outcome = await harness.RunAsync(harness.NewRun(imageId, SandboxHarness.TestPolicy with { GpuCount = 1 }, gpuIds: []), CancellationToken.None);

        Assert.Equal(FailureReason.GpuUnavailable, outcome.Failure);
        Assert.Null(outcome.ExitCode);
        Assert.Null(outcome.PredictionsCsv);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task LabelsInSplitFolder_AreRefused()
    {
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript(SandboxHarness.PredictorScript));
        File.WriteAllText(Path.Combine(harness.TestSet.SplitDirectory, "test-abnormal.csv"), "1250,1\n");

        var outcome = await harness.RunAsync(harness.NewRun(imageId), CancellationToken.None);

        Assert.Equal(FailureReason.InfrastructureError, outcome.Failure);
        Assert.Contains("test-abnormal.csv", outcome.FailureDetail, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task UnknownImage_IsInfrastructureError()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunAsync(harness.NewRun("sha256:" + new string('0', 64)), CancellationToken.None);

        Assert.Equal(FailureReason.InfrastructureError, outcome.Failure);
        Assert.Contains("not loaded", outcome.FailureDetail, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task UnsortedCaseIds_AreRejected()
    {
        await using var harness = new SandboxHarness(output);
        var run = harness.NewRun("sha256:" + new string('0', 64)) with { CaseIds = ["1251", "1250"] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Sandbox.RunAsync(run, CancellationToken.None));

        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
    }
}
