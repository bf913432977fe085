namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>A valid one-image archive, built once per test run, for tests that only need an accepted upload.</summary>
internal static class SmallArchive
{
    private static readonly Lazy<Task<string>> Archive = new(() =>
        DockerImages.BuildScriptArchiveAsync("echo never run", TestEnvironment.CreateTempDirectory("small-archive")));

    public static Task<string> GetAsync() => Archive.Value;
}
