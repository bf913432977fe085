using System.CommandLine;
using Leaderboard.Cli.Commands;
using Leaderboard.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

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

// Expected failures (no database, a missing or invalid setting, a port in use) print one
// line. Anything else keeps its stack trace, because it is a bug worth reporting.
try
{
    // Ctrl+C and SIGTERM cancel the running command. It then has 30 s to stop what it started,
    // such as the demo's API and worker processes, before the process is ended.
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
    return await root.Parse(args).InvokeAsync(invocation);
}
catch (Exception ex) when (ex is DatabaseMissingException or ConfigurationMissingException or OptionsValidationException or NpgsqlException or IOException)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 1;
}
