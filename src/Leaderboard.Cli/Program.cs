using System.CommandLine;
using Leaderboard.Cli.Commands;

var root = new RootCommand("MRNet Leaderboard: runs containerized knee-MRI models against a hidden test set and ranks them.");

// Each command group lives in its own file under Commands/.
root.Subcommands.Add(VersionCommand.Create());

return await root.Parse(args).InvokeAsync();
