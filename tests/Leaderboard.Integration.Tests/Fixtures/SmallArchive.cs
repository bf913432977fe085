namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// A valid one-image archive, built once per test run, for tests that only need an accepted
/// upload. Its folder is deleted when the test process exits.
/// </summary>
internal static class SmallArchive
{
    private static readonly Lazy<Task<string>> Archive = new(BuildAsync);

    public static Task<string> GetAsync() => Archive.Value;

    private static async Task<string> BuildAsync()
    {
        var folder = TestEnvironment.CreateTempDirectory("small-archive");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return await DockerImages.BuildScriptArchiveAsync("echo never run", folder);
    }
}
