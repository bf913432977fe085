using Leaderboard.Domain.Ranking;

namespace Leaderboard.Domain.Tests.Ranking;

public sealed class LeaderboardRankingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RankingCandidate Candidate(int team, double meanAuc, int minutes, bool hidden = false, bool disqualified = false) =>
        new(Guid.NewGuid(), TeamId(team), meanAuc, Start.AddMinutes(minutes), hidden, disqualified);

    private static Guid TeamId(int team) => new(team, 0, 0, new byte[8]);

    [Fact]
    public void Rank_OrdersByMeanAucDescending()
    {
        var ranked = LeaderboardRanking.Rank([Candidate(1, 0.7, 0), Candidate(2, 0.9, 1), Candidate(3, 0.8, 2)]);

        Assert.Equal([TeamId(2), TeamId(3), TeamId(1)], ranked.Select(r => r.Candidate.TeamId));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_KeepsBestEntryPerTeam()
    {
        var best = Candidate(1, 0.9, 5);
        var ranked = LeaderboardRanking.Rank([Candidate(1, 0.8, 0), best, Candidate(1, 0.85, 10)]);

        var row = Assert.Single(ranked);
        Assert.Equal(best.SubmissionId, row.Candidate.SubmissionId);
    }

    [Fact]
    public void Rank_ExactTieGoesToEarlierSubmission()
    {
        var later = Candidate(1, 0.85, 10);
        var earlier = Candidate(2, 0.85, 3);

        var ranked = LeaderboardRanking.Rank([later, earlier]);

        Assert.Equal(earlier.SubmissionId, ranked[0].Candidate.SubmissionId);
        Assert.Equal(later.SubmissionId, ranked[1].Candidate.SubmissionId);
    }

    [Fact]
    public void Rank_TieWithinTeamKeepsEarlierSubmission()
    {
        var earlier = Candidate(1, 0.85, 1);
        var ranked = LeaderboardRanking.Rank([Candidate(1, 0.85, 9), earlier]);

        Assert.Equal(earlier.SubmissionId, Assert.Single(ranked).Candidate.SubmissionId);
    }

    [Fact]
    public void Rank_SkipsHiddenAndDisqualified()
    {
        var ranked = LeaderboardRanking.Rank([
            Candidate(1, 0.99, 0, hidden: true),
            Candidate(2, 0.98, 0, disqualified: true),
            Candidate(3, 0.60, 0),
        ]);

        var row = Assert.Single(ranked);
        Assert.Equal(TeamId(3), row.Candidate.TeamId);
    }

    [Fact]
    public void Rank_HiddenBestUsesNextEntry()
    {
        var visible = Candidate(1, 0.7, 2);
        var ranked = LeaderboardRanking.Rank([Candidate(1, 0.9, 1, hidden: true), visible]);

        Assert.Equal(visible.SubmissionId, Assert.Single(ranked).Candidate.SubmissionId);
    }

    [Fact]
    public void Rank_SkipsNonFiniteScores()
    {
        var ranked = LeaderboardRanking.Rank([Candidate(1, double.NaN, 0), Candidate(2, 0.5, 0)]);

        Assert.Equal(TeamId(2), Assert.Single(ranked).Candidate.TeamId);
    }

    [Fact]
    public void Rank_EmptyInputGivesEmptyBoard()
    {
        Assert.Empty(LeaderboardRanking.Rank([]));
    }
}
