using System.Net.Http.Json;
using System.Text.Json;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Administration;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Integration.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Integration.Tests.Worker;

/// <summary>
/// Corrected labels are applied from stored predictions: a new test-set version is registered
/// and the phase rescored, with no container run.
/// </summary>
public sealed class RescoreTests : IAsyncLifetime
{
    private LeaderboardServices _services = null!;
    private string _correctedRoot = null!;

    public async Task InitializeAsync()
    {
        _services = await LeaderboardServices.StartAsync();
        _correctedRoot = TestEnvironment.CreateTempDirectory("corrected");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_correctedRoot, recursive: true);
    }

    [Fact]
    public async Task Rescore_AppliesCorrectedLabels()
    {
        await _services.CreateTeamAsync("Rescored Team");
        var submissionId = await InsertFinishedSubmissionAsync("Rescored Team");
        var corrected = WriteCorrectedLabels(flipAbnormalOf: 10);
        await _services.AdministerAsync(admin => admin.RegisterTestSetAsync(LeaderboardServices.Competition, LeaderboardServices.Phase, _correctedRoot, "test", CancellationToken.None));

        var summary = await _services.QueryAsync(db => new Rescoring(db, TimeProvider.System)
            .RescorePhaseAsync(LeaderboardServices.Competition, LeaderboardServices.Phase, CancellationToken.None));

        Assert.Equal(1, summary.Rescored);
        Assert.Equal(0, summary.Skipped);
        var evaluations = await _services.QueryAsync(db => db.Evaluations.Where(e => e.SubmissionId == submissionId).ToListAsync());
        Assert.Equal(2, evaluations.Count);
        var rescored = Assert.Single(evaluations, e => e.ScorerVersion is not null);
        Assert.Equal(Scorer.Version, rescored.ScorerVersion);
        Assert.Equal(SubmissionStatus.Finished, rescored.Status);

        using var client = _services.CreateClient();
        var board = await client.GetFromJsonAsync<JsonElement>($"/api/v1/competitions/{LeaderboardServices.Competition}/phases/{LeaderboardServices.Phase}/leaderboard");
        var row = Assert.Single(board.GetProperty("rows").EnumerateArray());
        Assert.Equal(2, board.GetProperty("test_set_version").GetInt32());
        var expected = PairCount.Auc(
            corrected.Where(l => l.Value).Select(l => Score(l.Key)).ToList(),
            corrected.Where(l => !l.Value).Select(l => Score(l.Key)).ToList());
        Assert.Equal(expected, row.GetProperty("abnormal_auc").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Rescore_WithoutNewVersionKeepsScores()
    {
        await _services.CreateTeamAsync("Stable Team");
        var submissionId = await InsertFinishedSubmissionAsync("Stable Team");
        var before = await _services.QueryAsync(db => db.Evaluations.SingleAsync(e => e.SubmissionId == submissionId));

        await _services.QueryAsync(db => new Rescoring(db, TimeProvider.System)
            .RescorePhaseAsync(LeaderboardServices.Competition, LeaderboardServices.Phase, CancellationToken.None));

        var after = await _services.QueryAsync(db => db.Evaluations.Include(e => e.TaskScores).SingleAsync(e => e.SubmissionId == submissionId));
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(3, after.TaskScores.Count);
        Assert.NotNull(after.MeanAuc);
    }

    /// <summary>The stored abnormal score of an exam: a fixed function of its case number.</summary>
    private static double Score(string caseId) => int.Parse(caseId, System.Globalization.CultureInfo.InvariantCulture) % 17 / 17.0;

    /// <summary>Stores a finished evaluation with predictions, as a worker would after a run.</summary>
    private async Task<Guid> InsertFinishedSubmissionAsync(string team)
    {
        return await _services.QueryAsync(async db =>
        {
            var phase = await db.Phases.SingleAsync();
            var teamId = await db.Teams.Where(t => t.Name == team).Select(t => t.Id).SingleAsync();
            var caseIds = await db.TestSetExams.Where(e => e.TestSetVersionId == phase.ActiveTestSetVersionId).Select(e => e.CaseId).ToListAsync();
            var now = DateTimeOffset.UtcNow;
            var submission = new Submission
            {
                Id = Guid.CreateVersion7(), TeamId = teamId, PhaseId = phase.Id, ModelName = "stored", ArtifactSha256 = new string('a', 64),
                Status = SubmissionStatus.Finished, SubmittedAt = now, UpdatedAt = now,
            };
            var evaluation = new Evaluation
            {
                Id = Guid.CreateVersion7(), SubmissionId = submission.Id, TestSetVersionId = phase.ActiveTestSetVersionId!.Value,
                Status = SubmissionStatus.Finished, Queue = "cpu", QueuedAt = now, FinishedAt = now, MeanAuc = 0.5, MeanAucCiLow = 0.5, MeanAucCiHigh = 0.5,
            };
            db.Submissions.Add(submission);
            db.Evaluations.Add(evaluation);
            db.Predictions.AddRange(caseIds.Select(id => new PredictionRow { EvaluationId = evaluation.Id, CaseId = id, Abnormal = Score(id), Acl = 0.5, Meniscus = 0.5 }));
            db.TaskScores.AddRange(new[] { "abnormal", "acl", "meniscus" }.Select(task => new TaskScoreRow { EvaluationId = evaluation.Id, Task = task, Auc = 0.5, CiLow = 0.5, CiHigh = 0.5 }));
            await db.SaveChangesAsync();
            return submission.Id;
        });
    }

    /// <summary>
    /// Writes a second version of the test set: the same exam files (a symbolic link) with the
    /// abnormal label of the first <paramref name="flipAbnormalOf"/> exams flipped. Returns those labels.
    /// </summary>
    private Dictionary<string, bool> WriteCorrectedLabels(int flipAbnormalOf)
    {
        var dataset = Path.Combine(_correctedRoot, "MRNet-v1.0");
        Directory.CreateDirectory(dataset);
        Directory.CreateSymbolicLink(Path.Combine(dataset, "test"), Path.Combine(SyntheticData.DatasetDirectory, "test"));
        foreach (var task in new[] { "acl", "meniscus" })
        {
            File.Copy(Path.Combine(SyntheticData.DatasetDirectory, $"test-{task}.csv"), Path.Combine(dataset, $"test-{task}.csv"));
        }

        var labels = new Dictionary<string, bool>();
        var lines = File.ReadAllLines(Path.Combine(SyntheticData.DatasetDirectory, "test-abnormal.csv"));
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',');
            var positive = parts[1] == "1" ^ i < flipAbnormalOf;
            labels[parts[0]] = positive;
            lines[i] = $"{parts[0]},{(positive ? 1 : 0)}";
        }

        File.WriteAllText(Path.Combine(dataset, "test-abnormal.csv"), string.Join('\n', lines) + "\n");
        return labels;
    }
}
