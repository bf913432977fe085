using System.CommandLine;
using Leaderboard.Infrastructure;
using Leaderboard.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leaderboard.Cli.Commands;

internal static class WorkerCommand
{
    public static Command Create()
    {
        var workerId = new Option<string?>("--worker-id")
        {
            Description = "Name of this worker in leases and container labels; keep it stable across restarts (default: the host name).",
        };
        var gpus = new Option<string?>("--gpus")
        {
            Description = "Comma-separated GPU ids this worker owns, such as '0,1'; none by default.",
        };
        var cpuSlots = new Option<int?>("--cpu-slots")
        {
            Description = "Evaluations of CPU phases to run at once (default 1).",
        };
        var command = new Command("worker", "Run a worker: takes evaluation jobs from PostgreSQL and runs them in the sandbox.") { workerId, gpus, cpuSlots };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = new List<string>();
            if (parseResult.GetValue(workerId) is { } id)
            {
                args.Add($"--Worker:WorkerId={id}");
            }

            var gpuIds = (parseResult.GetValue(gpus) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < gpuIds.Length; i++)
            {
                args.Add($"--Worker:GpuIds:{i}={gpuIds[i]}");
            }

            if (parseResult.GetValue(cpuSlots) is { } slots)
            {
                args.Add($"--Worker:CpuSlots={slots}");
            }

            using var host = LeaderboardWorkerHost.Build([.. args]);

            // Reading the options validates them, so a bad setting stops the worker before it touches the database.
            _ = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
            await host.Services.MigrateDatabaseAsync(cancellationToken);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
