using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Jobs;
using Leaderboard.Integration.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leaderboard.Integration.Tests.EndToEnd;

public sealed partial class EndToEndTests(EndToEndFixture fixture) : IClassFixture<EndToEndFixture>
{
    private const double Exact = 1e-12;

    [Fact]
    public async Task BusyboxSample_ScoredAndRankedAtChance()
    {
        Assert.Equal("finished", fixture.Outcomes["Constant Team"].GetProperty("status").GetString());

        var row = await LeaderboardRowAsync("Constant Team");
        var predictions = await StoredPredictionsAsync("Constant Team");
        var labels = ReadLabels();

        Assert.Equal(BruteForceAuc(labels, predictions, 0), row.GetProperty("abnormal_auc").GetDouble(), Exact);
        Assert.Equal(BruteForceAuc(labels, predictions, 1), row.GetProperty("acl_auc").GetDouble(), Exact);
        Assert.Equal(BruteForceAuc(labels, predictions, 2), row.GetProperty("meniscus_auc").GetDouble(), Exact);
        Assert.InRange(row.GetProperty("mean_auc").GetDouble(), 0.4, 0.6);
    }

    [Fact]
    public async Task FormulaImage_AucsMatchIndependentCount()
    {
        Assert.Equal("finished", fixture.Outcomes["Formula Team"].GetProperty("status").GetString());
        var labels = ReadLabels();

        // The predictions the script writes, computed here from its formula and not read back.
        var expected = labels.Keys.ToDictionary(id => id, id =>
        {
            var c = int.Parse(id, CultureInfo.InvariantCulture);
            return new[] { double.Parse($"0.{7 * c % 11}", CultureInfo.InvariantCulture), double.Parse($"{5 * c % 13 / 12}.{5 * c % 13 % 12 * 8}", CultureInfo.InvariantCulture), c % 4 + 0.5 };
        });
        var row = await LeaderboardRowAsync("Formula Team");

        var abnormal = BruteForceAuc(labels, expected, 0);
        var acl = BruteForceAuc(labels, expected, 1);
        var meniscus = BruteForceAuc(labels, expected, 2);
        Assert.Equal(abnormal, row.GetProperty("abnormal_auc").GetDouble(), Exact);
        Assert.Equal(acl, row.GetProperty("acl_auc").GetDouble(), Exact);
        Assert.Equal(meniscus, row.GetProperty("meniscus_auc").GetDouble(), Exact);
        Assert.Equal((abnormal + acl + meniscus) / 3, row.GetProperty("mean_auc").GetDouble(), Exact);
        Assert.Equal("Test University", row.GetProperty("affiliation").GetString());
        var stored = fixture.Outcomes["Formula Team"].GetProperty("scores");
        Assert.Equal(abnormal, stored.GetProperty("tasks").GetProperty("abnormal").GetProperty("auc").GetDouble(), Exact);
        Assert.Equal(row.GetProperty("mean_auc").GetDouble(), stored.GetProperty("mean_auc").GetProperty("value").GetDouble(), Exact);
    }

    [Fact]
    public async Task FormulaImage_ValuesOutsideUnitRangeWarned()
    {
        // meniscus = (c mod 4) + 0.5 reaches 3.5, which is scored unchanged with a warning.
        var messages = fixture.Outcomes["Formula Team"].GetProperty("messages").EnumerateArray().Select(m => m.GetString()).ToList();

        Assert.NotEmpty(messages);
        var stored = await StoredPredictionsAsync("Formula Team");
        Assert.Contains(stored.Values, values => values[2] == 3.5);
    }

    [Fact]
    public async Task FailingSample_FailedAndNotRanked()
    {
        var outcome = fixture.Outcomes["Failing Team"];

        Assert.Equal("failed", outcome.GetProperty("status").GetString());
        Assert.Equal(FailureReason.ExitedNonzero.ToCode(), outcome.GetProperty("failure_reason").GetString());
        Assert.False(string.IsNullOrEmpty(outcome.GetProperty("failure_description").GetString()));
        Assert.Contains("fails on purpose", outcome.GetProperty("log").GetString(), StringComparison.Ordinal);
        var rows = await LeaderboardRowsAsync();
        Assert.DoesNotContain(rows, row => row.GetProperty("team").GetString() == "Failing Team");
    }

    [Fact]
    public async Task OrganizerToken_ReadsAnyTeamsFullLog()
    {
        var token = "";
        await fixture.Services.AdministerAsync(async admin => token = await admin.CreateOrganizerTokenAsync(CancellationToken.None));
        using var organizer = fixture.Services.CreateClient(token);

        var submission = await organizer.GetFromJsonAsync<JsonElement>(fixture.Outcomes["Failing Team"].GetProperty("url").GetString());

        Assert.Equal("Failing Team", submission.GetProperty("team").GetString());
        Assert.Contains("fails on purpose", submission.GetProperty("log").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_RanksByMeanAuc()
    {
        var rows = await LeaderboardRowsAsync();

        Assert.Equal(2, rows.Count);
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.True(rows[0].GetProperty("mean_auc").GetDouble() >= rows[1].GetProperty("mean_auc").GetDouble());
    }

    [Fact]
    public async Task Leaderboard_EtagRevalidationAnswers304()
    {
        using var client = fixture.Services.CreateClient();
        foreach (var path in new[] { LeaderboardPath, LeaderboardPath + ".csv", $"/competitions/{LeaderboardServices.Competition}/phases/{LeaderboardServices.Phase}" })
        {
            using var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(etag);
            using var second = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

            using var weakRequest = new HttpRequestMessage(HttpMethod.Get, path);
            weakRequest.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag, isWeak: true));
            using var weak = await client.SendAsync(weakRequest);
            Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);

            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(etag, head.Headers.ETag);
        }
    }

    [Fact]
    public async Task LeaderboardCsv_OneLinePerRow()
    {
        using var client = fixture.Services.CreateClient();

        var csv = await client.GetStringAsync(LeaderboardPath + ".csv");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,date,submission_id,model_name,team", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Job_SecondDeliveryChangesNothing()
    {
        var submissionId = fixture.Outcomes["Formula Team"].GetProperty("id").GetGuid();
        var before = await fixture.Services.QueryAsync(db => db.Evaluations.Include(e => e.Predictions).SingleAsync(e => e.SubmissionId == submissionId));

        await using (var scope = fixture.Services.WorkerServices.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IEvaluationJob>().RunAsync(before.Id, CancellationToken.None);
        }

        var after = await fixture.Services.QueryAsync(db => db.Evaluations.Include(e => e.Predictions).SingleAsync(e => e.SubmissionId == submissionId));
        Assert.Equal(before.Attempt, after.Attempt);
        Assert.Equal(before.FinishedAt, after.FinishedAt);
        Assert.Equal(before.Predictions.Count, after.Predictions.Count);
        Assert.Equal(SubmissionStatus.Finished, after.Status);
    }

    [Fact]
    public async Task Worker_LeavesNoContainerBehind()
    {
        var containers = await DockerImages.RunDockerAsync("ps", "-aq", "--filter", $"label=mrnet-leaderboard.worker-id={fixture.Services.WorkerId}");

        Assert.Equal("", containers.Trim());
    }

    private static string LeaderboardPath => $"/api/v1/competitions/{LeaderboardServices.Competition}/phases/{LeaderboardServices.Phase}/leaderboard";

    private async Task<List<JsonElement>> LeaderboardRowsAsync()
    {
        using var client = fixture.Services.CreateClient();
        var board = await client.GetFromJsonAsync<JsonElement>(LeaderboardPath);
        return board.GetProperty("rows").EnumerateArray().ToList();
    }

    private async Task<JsonElement> LeaderboardRowAsync(string team) =>
        Assert.Single(await LeaderboardRowsAsync(), row => row.GetProperty("team").GetString() == team);

    private async Task<Dictionary<string, double[]>> StoredPredictionsAsync(string team)
    {
        var submissionId = fixture.Outcomes[team].GetProperty("id").GetGuid();
        return await fixture.Services.QueryAsync(db => db.Predictions
            .Where(p => db.Evaluations.Any(e => e.Id == p.EvaluationId && e.SubmissionId == submissionId))
            .ToDictionaryAsync(p => p.CaseId, p => new[] { p.Abnormal, p.Acl, p.Meniscus }));
    }

    /// <summary>The hidden labels, read straight from the generated label files.</summary>
    private static Dictionary<string, bool[]> ReadLabels()
    {
        var labels = new Dictionary<string, bool[]>();
        var tasks = new[] { "abnormal", "acl", "meniscus" };
        for (var task = 0; task < tasks.Length; task++)
        {
            foreach (var line in File.ReadAllLines(Path.Combine(SyntheticData.DatasetDirectory, $"test-{tasks[task]}.csv")))
            {
                var parts = line.Split(',');
                labels.TryAdd(parts[0], new bool[3]);
                labels[parts[0]][task] = parts[1] == "1";
            }
        }

        return labels;
    }

    private static double BruteForceAuc(Dictionary<string, bool[]> labels, Dictionary<string, double[]> predictions, int task) =>
        PairCount.Auc(
            labels.Where(l => l.Value[task]).Select(l => predictions[l.Key][task]).ToList(),
            labels.Where(l => !l.Value[task]).Select(l => predictions[l.Key][task]).ToList());
}
