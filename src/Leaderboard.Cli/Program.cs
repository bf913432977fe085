using System.CommandLine;
using Leaderboard.Cli.Commands;

var root = new RootCommand("MRNet Leaderboard: runs containerized knee-MRI models against a hidden test set and ranks them.");

// Each command group lives in its own file under Commands/.
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
foreach (var command in OrganizerCommands.Create())
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(TestSetCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(RunLocalCommand.Create());

return await root.Parse(args).InvokeAsync();
