using System.Globalization;
using Docker.DotNet.Models;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// Builds the container of one run from the image's own command and the policy. The sandbox
/// tests read these settings back from a running container through the engine.
/// </summary>
internal static class SandboxContainerSpec
{
    /// <summary>Returns the create request for <paramref name="run"/> in <paramref name="workspace"/>.</summary>
    public static CreateContainerParameters Build(SandboxRun run, ImageInspectResponse image, RunWorkspace workspace, string containerName)
    {
        var policy = run.Policy;
        var splitTarget = $"{RunWorkspace.ContainerDataRoot}/{run.SplitName}";

        return new CreateContainerParameters
        {
            Name = containerName,
            Image = run.ImageId,

            // The image's ENTRYPOINT stays; its CMD gets the two paths appended.
            Cmd = [.. image.Config?.Cmd ?? [], RunWorkspace.ContainerInputCsv, RunWorkspace.ContainerOutputCsv],
            Env =
            [
                $"MRNET_INPUT_CSV={RunWorkspace.ContainerInputCsv}",
                $"MRNET_OUTPUT_CSV={RunWorkspace.ContainerOutputCsv}",
                $"MRNET_DATA_DIR={RunWorkspace.ContainerDataRoot}",
                "HOME=/tmp",
            ],
            User = policy.User,
            Labels = new Dictionary<string, string>
            {
                [SandboxLabels.EvaluationId] = run.EvaluationId,
                [SandboxLabels.WorkerId] = run.WorkerId,
            },

            // A health check would run more processes in the container, on the engine's schedule.
            Healthcheck = new HealthcheckConfig { Test = ["NONE"] },
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = BuildHostConfig(run, image, workspace, splitTarget),
        };
    }

    private static HostConfig BuildHostConfig(SandboxRun run, ImageInspectResponse image, RunWorkspace workspace, string splitTarget)
    {
        var policy = run.Policy;
        var mountTargets = new[] { splitTarget, RunWorkspace.ContainerInputDirectory, RunWorkspace.ContainerOutputDirectory, "/tmp" };

        return new HostConfig
        {
            NetworkMode = "none",
            ReadonlyRootfs = true,
            Tmpfs = BuildTmpfs(policy, image, mountTargets),
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            Privileged = false,
            IpcMode = "private",
            Init = true,

            Memory = policy.MemoryBytes,
            MemorySwap = policy.MemoryBytes,
            NanoCPUs = (long)Math.Round(policy.Cpus * 1_000_000_000),
            PidsLimit = policy.PidsLimit,
            Ulimits = [new Ulimit { Name = "nofile", Soft = policy.OpenFilesLimit, Hard = policy.OpenFilesLimit }],
            ShmSize = policy.ShmSizeBytes,

            LogConfig = new LogConfig
            {
                Type = "json-file",
                Config = new Dictionary<string, string>
                {
                    ["max-size"] = policy.LogFileMaxBytes.ToString(CultureInfo.InvariantCulture),
                    ["max-file"] = "1",
                },
            },
            Mounts =
            [
                BindMount(run.HostSplitDirectory, splitTarget, readOnly: true),
                BindMount(workspace.InputDirectory, RunWorkspace.ContainerInputDirectory, readOnly: true),
                BindMount(workspace.OutputDirectory, RunWorkspace.ContainerOutputDirectory, readOnly: false),
            ],
            DeviceRequests = BuildDeviceRequests(run),
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
        };
    }

    /// <summary>
    /// Returns a size-limited tmpfs for <c>/tmp</c> and for every <c>VOLUME</c> of the image.
    /// Without one, the engine would create an anonymous volume on the host disk for each.
    /// </summary>
    /// <remarks>
    /// The engine mounts tmpfs with <c>noexec</c> unless the options include <c>exec</c>. HOME is <c>/tmp</c>,
    /// where JIT compilers such as Triton keep the libraries they build and load, and the
    /// image's own files are executable anyway, so <c>noexec</c> would break models and stop nothing.
    /// </remarks>
    private static Dictionary<string, string> BuildTmpfs(SandboxPolicy policy, ImageInspectResponse image, string[] mountTargets)
    {
        var options = string.Create(CultureInfo.InvariantCulture, $"rw,exec,nosuid,nodev,size={policy.TmpSizeBytes},mode=1777");
        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal) { ["/tmp"] = options };
        foreach (var volume in image.Config?.Volumes?.Keys ?? [])
        {
            var target = volume.TrimEnd('/');
            if (target.StartsWith('/') && !mountTargets.Contains(target, StringComparer.Ordinal))
            {
                tmpfs[target] = options;
            }
        }

        return tmpfs;
    }

    private static List<DeviceRequest>? BuildDeviceRequests(SandboxRun run)
    {
        if (run.Policy.GpuCount == 0)
        {
            return null;
        }

        return
        [
            new DeviceRequest
            {
                Driver = "nvidia",
                DeviceIDs = [.. run.GpuIds.Take(run.Policy.GpuCount)],
                Capabilities = [["gpu"]],
            },
        ];
    }

    private static Mount BindMount(string source, string target, bool readOnly) => new()
    {
        Type = "bind",
        Source = source,
        Target = target,
        ReadOnly = readOnly,
        BindOptions = new BindOptions { Propagation = "rprivate" },
    };
}
