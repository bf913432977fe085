using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>The real API on Kestrel, listening on a dynamic loopback port, with a test class's database and storage.</summary>
public sealed class LeaderboardApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly string _storageRoot;

    public LeaderboardApiFactory(string connectionString, string storageRoot)
    {
        _connectionString = connectionString;
        _storageRoot = storageRoot;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Leaderboard", _connectionString);
        builder.UseSetting("Storage:RootDirectory", _storageRoot);
        builder.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(LeaderboardServices.EfCommandCategory, LogLevel.None));
    }
}
