using System.CommandLine;
using Leaderboard.Domain.Scoring;

namespace Leaderboard.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the tool's version and the scorer version it stores with every score.");
        command.SetAction(_ =>
        {
            var assembly = typeof(VersionCommand).Assembly.GetName();
            Console.WriteLine($"leaderboard {assembly.Version} (scorer {Scorer.Version})");
        });
        return command;
    }
}
