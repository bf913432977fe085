namespace Leaderboard.Domain.Ranking;

/// <summary>One finished evaluation that may appear on a phase's leaderboard.</summary>
public sealed record RankingCandidate(
    Guid SubmissionId,
    Guid TeamId,
    double MeanAuc,
    DateTimeOffset SubmittedAt,
    bool IsHidden,
    bool IsDisqualified);

/// <summary>A ranked row: 1 is the best.</summary>
public sealed record RankedCandidate(int Rank, RankingCandidate Candidate);

/// <summary>
/// The leaderboard rules. Each team gets one row, its best finished evaluation by mean AUC.
/// Rows are ordered by mean AUC, highest first, and on an exact tie the earlier submission
/// ranks higher. Hidden and disqualified entries are never ranked. Callers pass finished
/// evaluations only.
/// </summary>
public static class LeaderboardRanking
{
    public static IReadOnlyList<RankedCandidate> Rank(IEnumerable<RankingCandidate> candidates)
    {
        var bestPerTeam = candidates
            .Where(c => !c.IsHidden && !c.IsDisqualified)
            .Where(c => double.IsFinite(c.MeanAuc))
            .GroupBy(c => c.TeamId)
            .Select(team => team.OrderBy(c => c, RankOrder.Instance).First());

        return bestPerTeam
            .OrderBy(c => c, RankOrder.Instance)
            .Select((candidate, index) => new RankedCandidate(index + 1, candidate))
            .ToList();
    }

    private sealed class RankOrder : IComparer<RankingCandidate>
    {
        public static readonly RankOrder Instance = new();

        public int Compare(RankingCandidate? x, RankingCandidate? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);

            var byAuc = y.MeanAuc.CompareTo(x.MeanAuc);
            if (byAuc != 0)
            {
                return byAuc;
            }

            var byTime = x.SubmittedAt.CompareTo(y.SubmittedAt);
            return byTime != 0 ? byTime : x.SubmissionId.CompareTo(y.SubmissionId);
        }
    }
}
