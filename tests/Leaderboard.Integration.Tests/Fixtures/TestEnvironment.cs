using Npgsql;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>Where the real PostgreSQL and the repository are; deploy/test.sh sets the connection string.</summary>
internal static class TestEnvironment
{
    public static string ServerConnectionString
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Leaderboard")
                ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres", Pooling = false }.ConnectionString;
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leaderboard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Leaderboard.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A new empty folder under the system temp folder, named for the test class.</summary>
    public static string CreateTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mrnet-tests-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
