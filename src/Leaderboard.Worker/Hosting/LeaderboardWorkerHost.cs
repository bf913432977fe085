using Microsoft.Extensions.Hosting;

namespace Leaderboard.Worker.Hosting;

/// <summary>Builds the worker process; used by 'leaderboard worker' and by the tests.</summary>
public static class LeaderboardWorkerHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);
        builder.AddLeaderboardWorker();
        return builder.Build();
    }
}
