using Hangfire;
using Hangfire.PostgreSql;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leaderboard.Infrastructure;

public static class InfrastructureExtensions
{
    public const string ConnectionStringName = "Leaderboard";

    /// <summary>Registers the database, the artifact store and Hangfire's job storage.</summary>
    public static IHostApplicationBuilder AddLeaderboardInfrastructure(this IHostApplicationBuilder builder)
    {
        // Read when first resolved, not now, so that hosts and tests that add configuration
        // after this call (WebApplicationFactory does) see their own connection string.
        builder.Services.AddDbContext<LeaderboardDbContext>((services, options) => options
            .UseNpgsql(GetConnectionString(services.GetRequiredService<IConfiguration>()))
            .UseSnakeCaseNamingConvention());

        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ArtifactStore>();

        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(GetConnectionString(services.GetRequiredService<IConfiguration>())),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    // A worker notices a new job within a second instead of the default 15.
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                }));

        return builder;
    }

    public static string GetConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionStringName}' is missing. Set ConnectionStrings__{ConnectionStringName}, " +
                "for example 'Host=127.0.0.1;Port=55432;Username=postgres;Database=leaderboard'.");

    /// <summary>Applies pending EF Core migrations; Hangfire creates its own schema on first use.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeaderboardDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
