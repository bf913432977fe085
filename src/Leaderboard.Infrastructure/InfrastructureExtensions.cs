using Hangfire;
using Hangfire.PostgreSql;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Leaderboard.Infrastructure;

public static class InfrastructureExtensions
{
    public const string ConnectionStringName = "Leaderboard";

    /// <summary>Registers the database, the artifact store and Hangfire's job storage.</summary>
    public static IHostApplicationBuilder AddLeaderboardInfrastructure(this IHostApplicationBuilder builder)
    {
        // Every SQL statement at Information level would flood the service logs.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);

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
            ?? throw new ConfigurationMissingException(
                $"Connection string '{ConnectionStringName}' is missing. Set ConnectionStrings__{ConnectionStringName}, " +
                "for example 'Host=127.0.0.1;Port=55432;Username=postgres;Database=leaderboard'.");

    /// <summary>
    /// Applies pending EF Core migrations; Hangfire creates its own schema on first use. Unless
    /// <paramref name="createIfMissing"/> is set, a database that does not exist is an error
    /// rather than created, so a mistyped name in a connection string cannot start a new one.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken, bool createIfMissing = false)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeaderboardDbContext>();
        if (!createIfMissing)
        {
            await EnsureDatabaseExistsAsync(db, cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task EnsureDatabaseExistsAsync(LeaderboardDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new DatabaseMissingException(
                $"Database '{connection.Database}' does not exist on {connection.DataSource}. Check ConnectionStrings__{ConnectionStringName}, " +
                "or create the database with 'leaderboard db migrate'.", ex);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}

/// <summary>The configured database does not exist; the message names it and the fix.</summary>
public sealed class DatabaseMissingException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>A required setting is missing; the message names it and gives an example.</summary>
public sealed class ConfigurationMissingException(string message) : Exception(message);
