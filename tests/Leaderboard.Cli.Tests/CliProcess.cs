using System.Diagnostics;

namespace Leaderboard.Cli.Tests;

/// <summary>Runs the built <c>leaderboard</c> tool of the same configuration as these tests.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var tool = Path.Combine(RepositoryRoot, "src", "Leaderboard.Cli", "bin", configuration, "net10.0", "leaderboard.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leaderboard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Leaderboard.sln not found above {AppContext.BaseDirectory}.");
    }
}
