using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Leaderboard.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LeaderboardDbContext>
{
    public LeaderboardDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LeaderboardDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=leaderboard_design")
            .UseSnakeCaseNamingConvention()
            .Options;
        return new LeaderboardDbContext(options);
    }
}
