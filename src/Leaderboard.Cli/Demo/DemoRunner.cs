using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leaderboard.Infrastructure;
using Leaderboard.Infrastructure.Administration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leaderboard.Cli.Demo;

public sealed record DemoSettings(string DataDirectory, string SamplesDirectory, int Port, bool ExitWhenDone, string StateDirectory);

/// <summary>
/// The demo: a fresh database, the MRNet competition with its hidden-test phase, three teams,
/// the API and a worker as child processes, and the three sample submissions uploaded over
/// HTTP as competitors would upload them.
/// </summary>
public sealed class DemoRunner(DemoSettings settings)
{
    private const string DemoDatabase = "leaderboard_demo";
    private const string Competition = "mrnet";
    private const string Phase = "test";

    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromMinutes(30);

    private static readonly (string Archive, string Team, string Affiliation, string Model)[] Samples =
    [
        ("baseline.tar", "Baseline Lab", "Synthetic Knee Institute", "logistic-baseline"),
        ("busybox-constant.tar", "Constant Predictors", "Null Hypothesis University", "constant-0.5"),
        ("failing.tar", "Broken Builds", "Crash Test College", "exits-with-1"),
    ];

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var missing = Samples.Select(s => Path.Combine(settings.SamplesDirectory, s.Archive)).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: sample archives not found: {string.Join(", ", missing)}. Build them with samples/build.sh.");
            return 2;
        }

        Directory.CreateDirectory(settings.StateDirectory);
        var connectionString = await RecreateDatabaseAsync(cancellationToken);
        Environment.SetEnvironmentVariable("ConnectionStrings__" + InfrastructureExtensions.ConnectionStringName, connectionString);
        Environment.SetEnvironmentVariable("Storage__RootDirectory", Path.Combine(settings.StateDirectory, "storage"));

        var tokens = await BootstrapAsync(cancellationToken);
        var baseUrl = $"http://127.0.0.1:{settings.Port}";
        await using var processes = new ChildProcesses(settings.StateDirectory);
        processes.Start("api", ["serve", "--urls", baseUrl]);
        processes.Start("worker", ["worker", "--worker-id", "demo-worker"]);

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
        await WaitForApiAsync(http, processes, cancellationToken);

        var submissions = new List<(string Team, string Url)>();
        foreach (var sample in Samples)
        {
            submissions.Add((sample.Team, await UploadAsync(http, sample.Archive, sample.Model, tokens[sample.Team], cancellationToken)));
        }

        var outcomes = new List<JsonElement>();
        foreach (var (team, url) in submissions)
        {
            outcomes.Add(await WaitForOutcomeAsync(http, url, tokens[team], cancellationToken));
        }

        await PrintLeaderboardAsync(http, cancellationToken);
        PrintUnranked(outcomes);

        if (!settings.ExitWhenDone)
        {
            Console.WriteLine($"\nThe leaderboard page is served at {baseUrl}/ until you press Ctrl+C.");
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
        }

        return 0;
    }

    private static async Task<string> RecreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__" + InfrastructureExtensions.ConnectionStringName)
            ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=leaderboard";
        var builder = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DemoDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DemoDatabase}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        builder.Database = DemoDatabase;
        Console.WriteLine($"Demo database '{DemoDatabase}' created on {builder.Host}:{builder.Port}.");
        return builder.ConnectionString;
    }

    private async Task<Dictionary<string, string>> BootstrapAsync(CancellationToken cancellationToken)
    {
        using var host = CliHost.Build();
        await host.Services.MigrateDatabaseAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<CompetitionAdministration>();

        await admin.CreateCompetitionAsync(Competition, "MRNet", cancellationToken);
        await admin.CreatePhaseAsync(Competition, Phase, "Hidden test set", PhaseSettings.Default, cancellationToken);
        var version = await admin.RegisterTestSetAsync(Competition, Phase, settings.DataDirectory, "test", cancellationToken);
        Console.WriteLine($"Registered the hidden test set: {version.ExamCount} exams, content hash {version.ContentHash[..16]}….");

        var tokens = new Dictionary<string, string>();
        foreach (var sample in Samples)
        {
            var (team, token) = await admin.CreateTeamAsync(sample.Team, sample.Affiliation, cancellationToken);
            tokens[team.Name] = token;
        }

        Console.WriteLine($"Created {tokens.Count} teams.");
        return tokens;
    }

    private static async Task WaitForApiAsync(HttpClient http, ChildProcesses processes, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            processes.ThrowIfExited();
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException("The API did not respond to /healthz within 60 s; see api.log in the state folder.");
    }

    private async Task<string> UploadAsync(HttpClient http, string archive, string model, string token, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.SamplesDirectory, archive);
        await using var file = File.OpenRead(path);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/competitions/{Competition}/phases/{Phase}/submissions?model_name={Uri.EscapeDataString(model)}")
        {
            Content = new StreamContent(file),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Uploading {archive} failed with {(int)response.StatusCode}: {body}");
        }

        var url = JsonDocument.Parse(body).RootElement.GetProperty("url").GetString()!;
        Console.WriteLine($"Uploaded {archive,-22} {new FileInfo(path).Length / 1048576.0,8:F1} MiB -> {(int)response.StatusCode} {url}");
        return url;
    }

    private static async Task<JsonElement> WaitForOutcomeAsync(HttpClient http, string url, string token, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var submission = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            var status = submission.GetProperty("status").GetString();
            if (status is "finished" or "failed" or "cancelled")
            {
                return submission;
            }

            if (deadline.Elapsed > EvaluationTimeout)
            {
                throw new TimeoutException($"Submission {url} was still '{status}' after {EvaluationTimeout.TotalMinutes} minutes.");
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private static async Task PrintLeaderboardAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var board = await http.GetFromJsonAsync<JsonElement>($"/api/v1/competitions/{Competition}/phases/{Phase}/leaderboard", Json, cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"Leaderboard: {board.GetProperty("competition_title").GetString()} / {board.GetProperty("phase_title").GetString()}");
        Console.WriteLine($"{"Rank",4}  {"Model",-20} {"Team",-22} {"Mean AUC (95% CI)",-24} {"Abnormal",8} {"ACL",8} {"Meniscus",8}");
        foreach (var row in board.GetProperty("rows").EnumerateArray())
        {
            var mean = string.Create(CultureInfo.InvariantCulture,
                $"{row.GetProperty("mean_auc").GetDouble():0.000} ({row.GetProperty("mean_auc_ci_low").GetDouble():0.000}-{row.GetProperty("mean_auc_ci_high").GetDouble():0.000})");
            var tie = row.GetProperty("not_significantly_different_from_above").GetBoolean() ? " ~" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.GetProperty("rank").GetInt32(),4}  {row.GetProperty("model_name").GetString(),-20} {row.GetProperty("team").GetString(),-22} {mean + tie,-24} {row.GetProperty("abnormal_auc").GetDouble(),8:0.000} {row.GetProperty("acl_auc").GetDouble(),8:0.000} {row.GetProperty("meniscus_auc").GetDouble(),8:0.000}"));
        }
    }

    private static void PrintUnranked(IEnumerable<JsonElement> outcomes)
    {
        var unranked = outcomes.Where(o => o.GetProperty("status").GetString() != "finished").ToList();
        if (unranked.Count == 0)
        {
            return;
        }

        Console.WriteLine("\nNot ranked:");
        foreach (var submission in unranked)
        {
            Console.WriteLine($"      {submission.GetProperty("model_name").GetString(),-20} {submission.GetProperty("team").GetString(),-22} " +
                $"{submission.GetProperty("status").GetString()}: {submission.GetProperty("failure_reason").GetString()} ({submission.GetProperty("failure_description").GetString()})");
        }
    }
}
