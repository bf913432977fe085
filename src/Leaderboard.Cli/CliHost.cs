using Leaderboard.Infrastructure;
using Leaderboard.Infrastructure.Administration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leaderboard.Cli;

/// <summary>A short-lived host for the organizer commands: the database and the artifact store, no servers.</summary>
internal static class CliHost
{
    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // EF Core logs its probe of a missing migrations table as an error on a new database;
        // real failures still surface as exceptions.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.AddLeaderboardInfrastructure();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CompetitionAdministration>();
        builder.Services.AddScoped<Rescoring>();
        return builder.Build();
    }

    /// <summary>Runs one organizer action in a scope, turning an expected failure into exit code 2 and its message.</summary>
    public static Task<int> RunAsync(Func<CompetitionAdministration, CancellationToken, Task> action, CancellationToken cancellationToken, bool createDatabase = false) =>
        RunAsync<CompetitionAdministration>(action, cancellationToken, createDatabase);

    /// <summary>Runs one organizer action with the service <typeparamref name="TService"/> resolved in a scope.</summary>
    public static async Task<int> RunAsync<TService>(Func<TService, CancellationToken, Task> action, CancellationToken cancellationToken, bool createDatabase = false)
        where TService : notnull
    {
        using var host = Build();
        await host.Services.MigrateDatabaseAsync(cancellationToken, createDatabase);
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await action(scope.ServiceProvider.GetRequiredService<TService>(), cancellationToken);
            return 0;
        }
        catch (AdministrationException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
    }
}
