using Docker.DotNet.Models;
using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Sandbox.Tests;

/// <summary>The container request built from a run, without an engine.</summary>
public sealed class ContainerSpecTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mrnet-spec-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void GpuPhase_RequestsExactDevices()
    {
        var run = NewRun(SandboxPolicy.Default with { GpuCount = 1 }, ["3", "5"]);

        var spec = Build(run, new ImageInspectResponse());

        var request = Assert.Single(spec.HostConfig!.DeviceRequests!);
        Assert.Equal("nvidia", request.Driver);
        Assert.Equal(["3"], request.DeviceIDs);
        Assert.Equal(["gpu"], Assert.Single(request.Capabilities!));
        Assert.Equal(0, request.Count);
    }

    [Fact]
    public void CpuPhase_RequestsNoDevices()
    {
        var spec = Build(NewRun(SandboxPolicy.Default, ["0"]), new ImageInspectResponse());

        Assert.Null(spec.HostConfig!.DeviceRequests);
    }

    [Fact]
    public void ImageCmd_GetsPathsAppended()
    {
        var image = new ImageInspectResponse { Config = new DockerOCIImageConfig { Cmd = ["predict.py", "--fast"], Entrypoint = ["python3"] } };

        var spec = Build(NewRun(SandboxPolicy.Default, []), image);

        Assert.Equal(["predict.py", "--fast", "/mrnet/input/input.csv", "/mrnet/output/predictions.csv"], spec.Cmd);
        Assert.Null(spec.Entrypoint);
    }

    [Fact]
    public void ImageVolumes_BecomeTmpfs()
    {
        var image = new ImageInspectResponse
        {
            Config = new DockerOCIImageConfig
            {
                Volumes = new Dictionary<string, EmptyStruct> { ["/cache"] = default, ["/tmp"] = default, ["/mrnet/output"] = default },
            },
        };

        var spec = Build(NewRun(SandboxPolicy.Default, []), image);

        Assert.Equal(["/cache", "/tmp"], spec.HostConfig!.Tmpfs!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("size=1073741824", spec.HostConfig.Tmpfs["/cache"], StringComparison.Ordinal);
    }

    [Fact]
    public void InputCsv_HasThreePlanesPerExam()
    {
        var csv = RunWorkspace.BuildInputCsv("test", ["1250", "1251"]);

        Assert.Equal(
            "/data/MRNet-v1.0/test/sagittal/1250.npy\n/data/MRNet-v1.0/test/coronal/1250.npy\n/data/MRNet-v1.0/test/axial/1250.npy\n"
            + "/data/MRNet-v1.0/test/sagittal/1251.npy\n/data/MRNet-v1.0/test/coronal/1251.npy\n/data/MRNet-v1.0/test/axial/1251.npy\n",
            csv);
    }

    [Theory]
    [InlineData("worker-1", "worker-1")]
    [InlineData("../../etc", ".._.._etc")]
    [InlineData("..", "_..")]
    [InlineData("a b/c", "a_b_c")]
    public void SafeSegment_KeepsOneFolderLevel(string id, string expected)
    {
        Assert.Equal(expected, RunWorkspace.SafeSegment(id));
    }

    private CreateContainerParameters Build(SandboxRun run, ImageInspectResponse image)
    {
        using var workspace = RunWorkspace.Create(_root, run, out _);
        return SandboxContainerSpec.Build(run, image, workspace, "spec-test");
    }

    private SandboxRun NewRun(SandboxPolicy policy, IReadOnlyList<string> gpuIds) =>
        new("spec-eval", "spec-worker", "sha256:" + new string('0', 64), Path.Combine(_root, "split"), "test", ["1250"], policy, gpuIds);
}
