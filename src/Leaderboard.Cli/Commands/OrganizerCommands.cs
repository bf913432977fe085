using System.CommandLine;
using Leaderboard.Infrastructure;
using Leaderboard.Infrastructure.Administration;
using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Cli.Commands;

/// <summary>The organizers' bootstrap commands: database, competition, phase, test set, team.</summary>
internal static class OrganizerCommands
{
    public static IEnumerable<Command> Create() => [Database(), Competition(), Phase(), Team(), Organizer(), Rescore()];

    private static Command Database()
    {
        var migrate = new Command("migrate", "Create the database if it does not exist, then create or update its schema.");
        migrate.SetAction((_, cancellationToken) => CliHost.RunAsync((_, _) => Task.CompletedTask, cancellationToken, createDatabase: true));
        return new Command("db", "Database maintenance.") { migrate };
    }

    private static Command Competition()
    {
        var slug = new Option<string>("--slug") { Description = "URL name, such as 'mrnet'.", Required = true };
        var title = new Option<string>("--title") { Description = "Display title, such as 'MRNet'.", Required = true };
        var create = new Command("create", "Create a competition.") { slug, title };
        create.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (admin, ct) =>
        {
            var competition = await admin.CreateCompetitionAsync(parseResult.GetValue(slug)!, parseResult.GetValue(title)!, ct);
            Console.WriteLine($"Created competition '{competition.Slug}'.");
        }, cancellationToken));
        return new Command("competition", "Manage competitions.") { create };
    }

    private static Command Phase()
    {
        var competition = new Option<string>("--competition") { Description = "Competition URL name.", Required = true };
        var slug = new Option<string>("--slug") { Description = "Phase URL name, such as 'test'.", Required = true };
        var title = new Option<string>("--title") { Description = "Display title, such as 'Hidden test set'.", Required = true };
        var daily = new Option<int>("--daily-limit") { Description = "Submissions per team in any 24 hours.", DefaultValueFactory = _ => PhaseSettings.Default.DailyLimit };
        var total = new Option<int>("--total-limit") { Description = "Submissions per team in the phase.", DefaultValueFactory = _ => PhaseSettings.Default.TotalLimit };
        var concurrent = new Option<int>("--concurrent-limit") { Description = "Queued or running submissions per team.", DefaultValueFactory = _ => PhaseSettings.Default.ConcurrentLimit };
        var maxUpload = new Option<string>("--max-upload") { Description = "Largest accepted upload, such as 10g or 500m.", DefaultValueFactory = _ => "10g" };
        var timeLimit = new Option<string>("--time-limit") { Description = "Wall-clock limit of one run, such as 30m or 1h.", DefaultValueFactory = _ => "30m" };
        var memory = new Option<string>("--memory") { Description = "Memory limit of one run (no swap), such as 8g.", DefaultValueFactory = _ => "8g" };
        var cpus = new Option<double>("--cpus") { Description = "CPU quota of one run in cores; lowered to the engine's processor count when larger.", DefaultValueFactory = _ => SandboxPolicy.Default.Cpus };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per run; a phase with GPUs runs on the 'gpu' queue only.", DefaultValueFactory = _ => 0 };
        var hidden = new Option<bool>("--hide-logs") { Description = "Show competitors no log lines (a submission can print test data)." };
        var create = new Command("create", "Create a phase of a competition, with its quotas and sandbox limits.")
        {
            competition, slug, title, daily, total, concurrent, maxUpload, timeLimit, memory, cpus, gpus, hidden,
        };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            var errors = new List<string>();
            var policy = SandboxPolicy.Default with
            {
                TimeLimit = CommandValues.ParseDuration(parseResult.GetValue(timeLimit)!, "--time-limit", errors),
                MemoryBytes = CommandValues.ParseBytes(parseResult.GetValue(memory)!, "--memory", errors),
                Cpus = parseResult.GetValue(cpus),
                GpuCount = parseResult.GetValue(gpus),
                CompetitorLogTailBytes = parseResult.GetValue(hidden) ? 0 : SandboxPolicy.Default.CompetitorLogTailBytes,
            };
            var settings = PhaseSettings.Default with
            {
                DailyLimit = parseResult.GetValue(daily),
                TotalLimit = parseResult.GetValue(total),
                ConcurrentLimit = parseResult.GetValue(concurrent),
                MaxUploadBytes = CommandValues.ParseBytes(parseResult.GetValue(maxUpload)!, "--max-upload", errors),
                Policy = policy,
            };
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("error: " + string.Join("\nerror: ", errors));
                return 2;
            }

            return await CliHost.RunAsync(async (admin, ct) =>
            {
                var phase = await admin.CreatePhaseAsync(parseResult.GetValue(competition)!, parseResult.GetValue(slug)!, parseResult.GetValue(title)!, settings, ct);
                Console.WriteLine($"Created phase '{parseResult.GetValue(competition)}/{phase.Slug}'.");
            }, cancellationToken);
        });
        return new Command("phase", "Manage phases.") { create };
    }

    /// <summary>The 'testset register' subcommand; it joins the 'testset' command group.</summary>
    public static Command TestSetRegister()
    {
        var competition = new Option<string>("--competition") { Description = "Competition URL name.", Required = true };
        var phase = new Option<string>("--phase") { Description = "Phase URL name.", Required = true };
        var directory = new Option<string>("--dir") { Description = "Folder that holds MRNet-v1.0 (or MRNet-v1.0 itself).", Required = true };
        var split = new Option<string>("--split") { Description = "Split to register; its labels are <split>-{abnormal,acl,meniscus}.csv.", DefaultValueFactory = _ => "test" };
        var register = new Command("register", "Import a split's labels and register its exams as the phase's active test set.") { competition, phase, directory, split };
        register.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (admin, ct) =>
        {
            var version = await admin.RegisterTestSetAsync(parseResult.GetValue(competition)!, parseResult.GetValue(phase)!, parseResult.GetValue(directory)!, parseResult.GetValue(split)!, ct);
            Console.WriteLine($"Registered test-set version {version.Number}: {version.ExamCount} exams, content hash {version.ContentHash}.");
        }, cancellationToken));
        return register;
    }

    private static Command Rescore()
    {
        var competition = new Option<string>("--competition") { Description = "Competition URL name.", Required = true };
        var phase = new Option<string>("--phase") { Description = "Phase URL name.", Required = true };
        var command = new Command("rescore",
            "Score every finished submission of a phase again from its stored predictions, against the phase's active test-set version; runs no container.")
        {
            competition, phase,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync<Rescoring>(async (rescoring, ct) =>
        {
            var summary = await rescoring.RescorePhaseAsync(parseResult.GetValue(competition)!, parseResult.GetValue(phase)!, ct);
            foreach (var message in summary.Messages)
            {
                await Console.Error.WriteLineAsync(message);
            }

            Console.WriteLine($"Rescored {summary.Rescored} submissions; skipped {summary.Skipped}.");
        }, cancellationToken));
        return command;
    }

    private static Command Organizer()
    {
        var token = new Command("token", "Create an organizer token, which reads every submission and its whole log, and print it once.");
        token.SetAction((_, cancellationToken) => CliHost.RunAsync(async (admin, ct) =>
            Console.WriteLine(await admin.CreateOrganizerTokenAsync(ct)), cancellationToken));
        return new Command("organizer", "Manage organizer access.") { token };
    }

    private static Command Team()
    {
        var name = new Option<string>("--name") { Description = "Team name, shown on the leaderboard.", Required = true };
        var affiliation = new Option<string?>("--affiliation") { Description = "Institution, shown on the leaderboard." };
        var create = new Command("create", "Create a team and print its token once.") { name, affiliation };
        create.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (admin, ct) =>
        {
            var (team, token) = await admin.CreateTeamAsync(parseResult.GetValue(name)!, parseResult.GetValue(affiliation), ct);
            await Console.Error.WriteLineAsync($"Created team '{team.Name}'. Its token follows; it is shown only now.");
            Console.WriteLine(token);
        }, cancellationToken));

        var teamName = new Option<string>("--team") { Description = "Existing team name.", Required = true };
        var token = new Command("token", "Issue another token for a team and print it once.") { teamName };
        token.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(async (admin, ct) =>
            Console.WriteLine(await admin.CreateTeamTokenAsync(parseResult.GetValue(teamName)!, ct)), cancellationToken));

        return new Command("team", "Manage teams.") { create, token };
    }
}
