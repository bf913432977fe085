namespace Leaderboard.Api;

/// <summary>Builds the API application; shared by this project's entry point and 'leaderboard serve'.</summary>
public static class LeaderboardApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLeaderboardApi();

        var app = builder.Build();
        app.UseLeaderboardApi();
        return app;
    }
}
