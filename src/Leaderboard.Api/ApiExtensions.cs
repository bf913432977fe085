using System.Text.Json;
using Leaderboard.Api.Apis;
using Leaderboard.Api.Authentication;
using Leaderboard.Api.Infrastructure;
using Leaderboard.Api.Leaderboards;
using Leaderboard.Api.Submissions;
using Leaderboard.Infrastructure;
using Microsoft.AspNetCore.Authentication;

namespace Leaderboard.Api;

public static class ApiExtensions
{
    /// <summary>Registers everything the HTTP API needs; it enqueues jobs but runs none.</summary>
    public static WebApplicationBuilder AddLeaderboardApi(this WebApplicationBuilder builder)
    {
        builder.AddLeaderboardInfrastructure();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });

        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<SubmissionIntake>();
        builder.Services.AddScoped<LeaderboardQuery>();
        builder.Services.AddSingleton<LeaderboardCache>();
        return builder;
    }

    public static WebApplication UseLeaderboardApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapSubmissionsApi();
        app.MapLeaderboardApi();
        app.MapGet("/healthz", () => TypedResults.Ok("ok"));
        return app;
    }
}
