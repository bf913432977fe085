using System.Net.Http.Headers;
using Leaderboard.Infrastructure;
using Leaderboard.Infrastructure.Administration;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Worker.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// The whole service for one test class: its own database and storage folder, the API on a
/// loopback port and, when asked, a worker host in this process that takes jobs through Hangfire.
/// </summary>
public sealed class LeaderboardServices : IAsyncDisposable
{
    public const string Competition = "mrnet";
    public const string Phase = "test";

    /// <summary>
    /// EF Core logs its probe of the missing migrations table of each new database as an error.
    /// The tests hide that category, because a failed command still fails its test by exception.
    /// </summary>
    public const string EfCommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    private IHost? _worker;

    private LeaderboardServices(TestDatabase database, string storageRoot, LeaderboardApiFactory api)
    {
        Database = database;
        StorageRoot = storageRoot;
        Api = api;
    }

    public TestDatabase Database { get; }

    public string StorageRoot { get; }

    public LeaderboardApiFactory Api { get; }

    public string WorkerId { get; } = "test-worker-" + Guid.NewGuid().ToString("N")[..8];

    public static async Task<LeaderboardServices> StartAsync(PhaseSettings? phase = null, bool registerTestSet = true)
    {
        var database = await TestDatabase.CreateAsync();
        var storage = TestEnvironment.CreateTempDirectory("storage");
        var api = new LeaderboardApiFactory(database.ConnectionString, storage);
        api.StartServer();
        var services = new LeaderboardServices(database, storage, api);

        await api.Services.MigrateDatabaseAsync(CancellationToken.None);
        await services.AdministerAsync(async admin =>
        {
            await admin.CreateCompetitionAsync(Competition, "MRNet", CancellationToken.None);
            await admin.CreatePhaseAsync(Competition, Phase, "Hidden test set", phase ?? PhaseSettings.Default, CancellationToken.None);
            if (registerTestSet)
            {
                await admin.RegisterTestSetAsync(Competition, Phase, SyntheticData.Directory, "test", CancellationToken.None);
            }
        });
        return services;
    }

    public string UploadPath(string query = "model_name=test-model") =>
        $"/api/v1/competitions/{Competition}/phases/{Phase}/submissions?{query}";

    public async Task AdministerAsync(Func<CompetitionAdministration, Task> action)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var admin = new CompetitionAdministration(scope.ServiceProvider.GetRequiredService<LeaderboardDbContext>(), TimeProvider.System);
        await action(admin);
    }

    public async Task<string> CreateTeamAsync(string name, string? affiliation = null)
    {
        var token = "";
        await AdministerAsync(async admin => token = (await admin.CreateTeamAsync(name, affiliation, CancellationToken.None)).Token);
        return token;
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = Api.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<T> QueryAsync<T>(Func<LeaderboardDbContext, Task<T>> query)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeaderboardDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await query(db);
    }

    /// <summary>Starts a worker host that serves the CPU queue, as 'leaderboard worker' would.</summary>
    public async Task StartWorkerAsync(params string[] extraArguments)
    {
        _worker = LeaderboardWorkerHost.Build(
            [
                $"--ConnectionStrings:Leaderboard={Database.ConnectionString}",
                $"--Storage:RootDirectory={StorageRoot}",
                $"--Sandbox:WorkRoot={Path.Combine(StorageRoot, "work")}",
                $"--Worker:WorkerId={WorkerId}",
                "--Worker:CpuSlots=1",
                .. extraArguments,
            ],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter(EfCommandCategory, LogLevel.None));
        await _worker.StartAsync();
    }

    /// <summary>Uploads an archive as the team of <paramref name="token"/> and returns the new submission's id.</summary>
    public async Task<Guid> UploadAsync(string token, string archive, string modelName = "test-model")
    {
        using var client = CreateClient(token);
        await using var file = File.OpenRead(archive);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await client.PostAsync(UploadPath("model_name=" + Uri.EscapeDataString(modelName)), content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {body}");
        }

        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public IServiceProvider WorkerServices => _worker?.Services ?? throw new InvalidOperationException("The worker is not started.");

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(TimeSpan.FromSeconds(30));
            _worker.Dispose();
        }

        await Api.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(StorageRoot, recursive: true);
    }
}
