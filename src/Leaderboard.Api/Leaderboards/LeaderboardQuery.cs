using System.Collections.Concurrent;
using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Ranking;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.Submissions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Api.Leaderboards;

/// <summary>
/// Builds a phase's leaderboard from finished evaluations on its active test-set version.
/// The significance marks need every ranked row's predictions and a bootstrap, so a built
/// view is cached until the phase's submissions or evaluations change.
/// </summary>
public sealed class LeaderboardQuery(LeaderboardDbContext db, LeaderboardCache cache)
{
    public async Task<LeaderboardView?> BuildAsync(string competition, string phase, CancellationToken cancellationToken)
    {
        var target = await db.Phases.AsNoTracking()
            .Include(p => p.Competition)
            .Include(p => p.ActiveTestSetVersion)
            .SingleOrDefaultAsync(p => p.Slug == phase && p.Competition!.Slug == competition, cancellationToken);
        if (target is null)
        {
            return null;
        }

        var stamp = await ReadStampAsync(target, cancellationToken);
        if (cache.TryGet(target.Id, stamp, out var cached))
        {
            return cached;
        }

        var view = await BuildUncachedAsync(target, stamp.LastUpdated, cancellationToken);
        cache.Set(target.Id, stamp, view);
        return view;
    }

    private async Task<LeaderboardStamp> ReadStampAsync(Phase phase, CancellationToken cancellationToken)
    {
        var submissions = db.Submissions.Where(s => s.PhaseId == phase.Id);
        var lastUpdated = await submissions.MaxAsync(s => (DateTimeOffset?)s.UpdatedAt, cancellationToken);
        var count = await submissions.CountAsync(cancellationToken);
        return new LeaderboardStamp(phase.ActiveTestSetVersionId, lastUpdated, count);
    }

    private async Task<LeaderboardView> BuildUncachedAsync(Phase phase, DateTimeOffset? lastUpdated, CancellationToken cancellationToken)
    {
        var rows = new List<LeaderboardRow>();
        if (phase.ActiveTestSetVersion is { } version)
        {
            rows = await BuildRowsAsync(version, cancellationToken);
        }

        return new LeaderboardView(
            phase.Competition!.Slug,
            phase.Competition.Title,
            phase.Slug,
            phase.Title,
            phase.ActiveTestSetVersion?.Number,
            lastUpdated,
            rows);
    }

    private async Task<List<LeaderboardRow>> BuildRowsAsync(TestSetVersion version, CancellationToken cancellationToken)
    {
        var finished = await db.Evaluations.AsNoTracking()
            .Where(e => e.TestSetVersionId == version.Id && e.Status == SubmissionStatus.Finished && e.MeanAuc != null)
            .Include(e => e.Submission!).ThenInclude(s => s.Team)
            .Include(e => e.TaskScores)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var ranked = LeaderboardRanking.Rank(finished.Select(e => new RankingCandidate(
            e.SubmissionId, e.Submission!.TeamId, e.MeanAuc!.Value, e.Submission.SubmittedAt, e.Submission.IsHidden, e.Submission.IsDisqualified)));
        if (ranked.Count == 0)
        {
            return [];
        }

        var bySubmission = finished.ToDictionary(e => e.SubmissionId);
        var significance = await CompareNeighboursAsync(version, ranked.Select(r => bySubmission[r.Candidate.SubmissionId]).ToList(), cancellationToken);
        return ranked.Select((r, index) => ToRow(r, bySubmission[r.Candidate.SubmissionId], significance[index])).ToList();
    }

    /// <summary>For each row, whether its mean AUC is not significantly different from the row above.</summary>
    private async Task<bool[]> CompareNeighboursAsync(TestSetVersion version, IReadOnlyList<Evaluation> ordered, CancellationToken cancellationToken)
    {
        var marks = new bool[ordered.Count];
        if (ordered.Count < 2)
        {
            return marks;
        }

        var labels = await db.LoadLabelsAsync(version, cancellationToken);
        var seed = BootstrapSeed.FromTestSetVersion(version.ContentHash);
        var ids = ordered.Select(e => e.Id).ToList();
        var predictions = await db.LoadPredictionsAsync(ids, cancellationToken);

        for (var i = 1; i < ordered.Count; i++)
        {
            var comparison = PairedComparison.CompareMeanAuc(labels, predictions[ordered[i - 1].Id], predictions[ordered[i].Id], seed);
            marks[i] = !comparison.IsSignificant;
        }

        return marks;
    }

    private static LeaderboardRow ToRow(RankedCandidate ranked, Evaluation evaluation, bool notSignificant)
    {
        var submission = evaluation.Submission!;
        double Task(MrnetTask task) => evaluation.TaskScores.Single(s => s.Task == task.ToName()).Auc;
        return new LeaderboardRow(
            ranked.Rank,
            submission.SubmittedAt,
            submission.Id,
            submission.ModelName,
            submission.ModelUrl,
            submission.Team!.Name,
            submission.Team.Affiliation,
            evaluation.MeanAuc!.Value,
            evaluation.MeanAucCiLow ?? double.NaN,
            evaluation.MeanAucCiHigh ?? double.NaN,
            Task(MrnetTask.Abnormal),
            Task(MrnetTask.Acl),
            Task(MrnetTask.Meniscus),
            notSignificant);
    }
}

/// <summary>What a cached leaderboard was built from; any change rebuilds it.</summary>
public sealed record LeaderboardStamp(Guid? TestSetVersionId, DateTimeOffset? LastUpdated, int SubmissionCount);

/// <summary>Process-wide cache of built leaderboards, one entry per phase.</summary>
public sealed class LeaderboardCache
{
    private readonly ConcurrentDictionary<Guid, (LeaderboardStamp Stamp, LeaderboardView View)> _entries = new();

    public bool TryGet(Guid phaseId, LeaderboardStamp stamp, out LeaderboardView? view)
    {
        view = _entries.TryGetValue(phaseId, out var entry) && entry.Stamp == stamp ? entry.View : null;
        return view is not null;
    }

    public void Set(Guid phaseId, LeaderboardStamp stamp, LeaderboardView view) => _entries[phaseId] = (stamp, view);
}
