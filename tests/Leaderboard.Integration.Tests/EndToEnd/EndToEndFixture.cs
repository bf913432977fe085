using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leaderboard.Integration.Tests.Fixtures;

namespace Leaderboard.Integration.Tests.EndToEnd;

/// <summary>
/// Runs the whole path once for the class: real HTTP uploads of three images, Hangfire in
/// PostgreSQL, a worker host, Docker and the scorer. The tests then read what it produced.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>
    /// Predictions that depend on the case number c only, so the test computes the same values
    /// itself. Abnormal is the decimal "0." followed by 7c mod 11, and acl is built from 5c mod 13.
    /// Meniscus is (c mod 4) + 0.5, which leaves [0, 1] on purpose.
    /// </summary>
    public const string FormulaScript = """
        out="$2"
        : > "$out"
        n=0
        while IFS= read -r line; do
          n=$((n + 1))
          if [ $((n % 3)) -ne 1 ]; then continue; fi
          file="${line##*/}"
          id="${file%.npy}"
          c=$((1${id} - 10000))
          a=$(( (7 * c) % 11 ))
          b=$(( (5 * c) % 13 ))
          m=$(( c % 4 ))
          echo "0.$a,$((b / 12)).$(( (b % 12) * 8 )),$m.5" >> "$out"
        done < "$1"
        """;

    public LeaderboardServices Services { get; private set; } = null!;

    public Dictionary<string, JsonElement> Outcomes { get; } = [];

    public Dictionary<string, string> Tokens { get; } = [];

    public async Task InitializeAsync()
    {
        Services = await LeaderboardServices.StartAsync();
        await Services.StartWorkerAsync();
        var archives = TestEnvironment.CreateTempDirectory("e2e-archives");

        var uploads = new (string Team, Task<string> Archive)[]
        {
            ("Constant Team", DockerImages.BuildSampleArchiveAsync("busybox-constant", archives)),
            ("Formula Team", DockerImages.BuildScriptArchiveAsync(FormulaScript, archives)),
            ("Failing Team", DockerImages.BuildSampleArchiveAsync("failing", archives)),
        };

        var urls = new Dictionary<string, string>();
        foreach (var (team, archive) in uploads)
        {
            Tokens[team] = await Services.CreateTeamAsync(team, team == "Formula Team" ? "Test University" : null);
            urls[team] = await UploadAsync(team, await archive);
        }

        foreach (var (team, url) in urls)
        {
            Outcomes[team] = await WaitForOutcomeAsync(team, url);
        }

        Directory.Delete(archives, recursive: true);
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();

    private async Task<string> UploadAsync(string team, string archive)
    {
        using var client = Services.CreateClient(Tokens[team]);
        await using var file = File.OpenRead(archive);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");

        using var response = await client.PostAsync(Services.UploadPath($"model_name={Uri.EscapeDataString(team.ToLowerInvariant().Replace(' ', '-'))}"), content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload of {team} answered {(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.Location);
        return JsonDocument.Parse(body).RootElement.GetProperty("url").GetString()!;
    }

    private async Task<JsonElement> WaitForOutcomeAsync(string team, string url)
    {
        using var client = Services.CreateClient(Tokens[team]);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var submission = await client.GetFromJsonAsync<JsonElement>(url);
            var status = submission.GetProperty("status").GetString();
            if (status is "finished" or "failed")
            {
                return submission;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Submission of {team} still '{status}' after 5 minutes.");
            await Task.Delay(500);
        }
    }
}
