using System.CommandLine;
using Leaderboard.Api;
using Leaderboard.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Leaderboard.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var command = new Command("serve", "Run the HTTP API and the public leaderboard page. Migrates the database first.") { urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = LeaderboardApiHost.Build(["--urls", parseResult.GetValue(urls)!]);
            await app.Services.MigrateDatabaseAsync(cancellationToken);
            await ((IHost)app).RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
