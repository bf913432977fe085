using Leaderboard.Api;

var app = LeaderboardApiHost.Build(args);
await app.RunAsync();

// WebApplicationFactory<Program> in the integration tests needs this type to be public.
public partial class Program;
