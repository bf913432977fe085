using Hangfire;
using Leaderboard.Infrastructure;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Worker.Evaluations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leaderboard.Worker.Hosting;

public static class WorkerExtensions
{
    /// <summary>
    /// Registers a worker: Hangfire servers for the GPU queue (one slot per owned GPU) and the
    /// CPU queue, the evaluation job, the sandbox and the recovery pass.
    /// </summary>
    public static IHostApplicationBuilder AddLeaderboardWorker(this IHostApplicationBuilder builder)
    {
        builder.AddLeaderboardInfrastructure();
        builder.Services.AddSubmissionSandbox(builder.Configuration);

        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GpuPool>();
        builder.Services.AddSingleton<TestSetVerifier>();
        builder.Services.AddScoped<EvaluationLeases>();
        builder.Services.AddScoped<IEvaluationJob, EvaluationJob>();
        builder.Services.AddHostedService<EvaluationRecoveryService>();

        var worker = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        if (worker.GpuIds.Count > 0)
        {
            builder.Services.AddHangfireServer((services, server) =>
            {
                server.ServerName = $"{services.GetRequiredService<IOptions<WorkerOptions>>().Value.WorkerId}:gpu";
                server.Queues = [EvaluationQueues.Gpu];
                server.WorkerCount = worker.GpuIds.Count;
            });
        }

        if (worker.CpuSlots > 0)
        {
            builder.Services.AddHangfireServer((services, server) =>
            {
                server.ServerName = $"{services.GetRequiredService<IOptions<WorkerOptions>>().Value.WorkerId}:cpu";
                server.Queues = [EvaluationQueues.Cpu];
                server.WorkerCount = worker.CpuSlots;
            });
        }

        return builder;
    }
}
