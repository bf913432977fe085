namespace Leaderboard.Api.Leaderboards;

/// <summary>One ranked row of a phase's public leaderboard.</summary>
public sealed record LeaderboardRow(
    int Rank,
    DateTimeOffset Date,
    Guid SubmissionId,
    string ModelName,
    string? ModelUrl,
    string Team,
    string? Affiliation,
    double MeanAuc,
    double MeanAucCiLow,
    double MeanAucCiHigh,
    double AbnormalAuc,
    double AclAuc,
    double MeniscusAuc,
    bool NotSignificantlyDifferentFromAbove);

/// <summary>The public leaderboard of one phase on its active test-set version.</summary>
public sealed record LeaderboardView(
    string Competition,
    string CompetitionTitle,
    string Phase,
    string PhaseTitle,
    int? TestSetVersion,
    DateTimeOffset? LastUpdated,
    IReadOnlyList<LeaderboardRow> Rows);
