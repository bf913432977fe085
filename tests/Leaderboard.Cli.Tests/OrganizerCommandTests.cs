namespace Leaderboard.Cli.Tests;

/// <summary>Usage errors of the organizer commands: exit code 2 and a message that names the value.</summary>
public sealed class OrganizerCommandTests
{
    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await CliProcess.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "worker", "demo", "testset", "team", "competition", "phase", "score", "run-local" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TestSetSynth_RejectsTooFewExams()
    {
        var output = Directory.CreateTempSubdirectory("mrnet-cli-synth-").FullName;
        try
        {
            var result = await CliProcess.RunAsync("testset", "synth", "--out", output, "--seed", "1", "--train-exams", "1");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("--train-exams", result.Stdout + result.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(output, "MRNet-v1.0")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task PhaseCreate_BadSizeExitsTwo()
    {
        var result = await CliProcess.RunAsync("phase", "create", "--competition", "mrnet", "--slug", "test", "--title", "Test", "--memory", "lots");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--memory 'lots'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhaseCreate_BadDurationExitsTwo()
    {
        var result = await CliProcess.RunAsync("phase", "create", "--competition", "mrnet", "--slug", "test", "--title", "Test", "--time-limit", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-limit 'soon'", result.Stderr, StringComparison.Ordinal);
    }
}
