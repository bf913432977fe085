using System.Diagnostics;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// Builds submission images with the docker CLI and writes their <c>docker save</c> archives.
/// No registry is reachable, so every image is FROM scratch with the static busybox.
/// </summary>
internal static class DockerImages
{
    private const string Busybox = "/bin/busybox";

    /// <summary>Builds one sample of samples/ with the product's own samples/build.sh and returns its archive.</summary>
    public static async Task<string> BuildSampleArchiveAsync(string sampleName, string outputDirectory)
    {
        await RunAsync("bash", Path.Combine(TestEnvironment.RepositoryRoot, "samples", "build.sh"), outputDirectory, "--only", sampleName);
        return Path.Combine(outputDirectory, sampleName + ".tar");
    }

    /// <summary>Builds a FROM scratch image whose entrypoint is <paramref name="script"/> run by busybox sh.</summary>
    public static async Task<string> BuildScriptArchiveAsync(string script, string outputDirectory)
    {
        var context = TestEnvironment.CreateTempDirectory("image");
        try
        {
            File.Copy(Busybox, Path.Combine(context, "busybox"));
            await File.WriteAllTextAsync(Path.Combine(context, "run.sh"), script.ReplaceLineEndings("\n"));
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                COPY run.sh /run.sh
                ENTRYPOINT ["/bin/busybox", "sh", "/run.sh"]

                """);
            return await BuildAndSaveAsync(context, $"mrnet-test-script:{Guid.NewGuid():N}", outputDirectory);
        }
        finally
        {
            System.IO.Directory.Delete(context, recursive: true);
        }
    }

    private static async Task<string> BuildAndSaveAsync(string context, string tag, string outputDirectory)
    {
        var archive = Path.Combine(outputDirectory, tag.Replace(':', '-').Replace('/', '-') + ".tar");
        await RunDockerAsync("build", "-q", "-t", tag, context);
        try
        {
            await RunDockerAsync("save", "-o", archive, tag);
        }
        finally
        {
            // The archive is what the product loads; the tag would only leave an image behind.
            await RunDockerAsync("rmi", "-f", tag);
        }

        return archive;
    }

    public static Task<string> RunDockerAsync(params string[] arguments) => RunAsync("docker", arguments);

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOCKER_BUILDKIT"] = "0" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
