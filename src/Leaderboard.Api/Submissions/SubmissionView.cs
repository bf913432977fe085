using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Api.Submissions;

/// <summary>
/// One submission as the API returns it to its team and to organizers. <c>Log</c> is the end
/// of the run's log as far as the phase lets competitors see it (none in a hidden phase);
/// organizers get the whole capped log.
/// </summary>
public sealed record SubmissionView(
    Guid Id,
    string Url,
    string Competition,
    string Phase,
    string Team,
    string ModelName,
    string? ModelUrl,
    string Status,
    string? FailureReason,
    string? FailureDescription,
    string? FailureDetail,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    ScoreView? Scores,
    IReadOnlyList<string> Messages,
    string? Log);

public sealed record ScoreView(IntervalView MeanAuc, IReadOnlyDictionary<string, TaskScoreView> Tasks, string ScorerVersion);

/// <summary>One task's AUC with its DeLong interval, named as 'leaderboard score' prints it.</summary>
public sealed record TaskScoreView(double Auc, double CiLow, double CiHigh);

public sealed record IntervalView(double Value, double CiLow, double CiHigh);

public static class SubmissionViews
{
    public static SubmissionView ToView(Submission submission, Evaluation? evaluation, bool includeFullLog)
    {
        var phase = submission.Phase!;
        var reason = evaluation?.FailureReason ?? submission.FailureReason;
        return new SubmissionView(
            submission.Id,
            $"/api/v1/submissions/{submission.Id}",
            phase.Competition!.Slug,
            phase.Slug,
            submission.Team!.Name,
            submission.ModelName,
            submission.ModelUrl,
            ToCode(submission.Status),
            reason?.ToCode(),
            reason?.Describe(),
            evaluation?.FailureDetail,
            submission.SubmittedAt,
            submission.UpdatedAt,
            ToScores(evaluation),
            evaluation?.Messages ?? [],
            LogFor(evaluation?.Log, includeFullLog, phase.SandboxPolicy.CompetitorLogTailBytes));
    }

    public static string ToCode(SubmissionStatus status) => status.ToString().ToLowerInvariant();

    private static ScoreView? ToScores(Evaluation? evaluation)
    {
        if (evaluation is not { MeanAuc: { } mean, MeanAucCiLow: { } low, MeanAucCiHigh: { } high })
        {
            return null;
        }

        var tasks = evaluation.TaskScores.ToDictionary(s => s.Task, s => new TaskScoreView(s.Auc, s.CiLow, s.CiHigh));
        return new ScoreView(new IntervalView(mean, low, high), tasks, evaluation.ScorerVersion ?? "");
    }

    /// <summary>Organizers read the whole capped log; competitors the tail the phase allows, none when it is 0.</summary>
    private static string? LogFor(string? log, bool includeFullLog, int competitorTailBytes)
    {
        if (log is null || includeFullLog)
        {
            return log;
        }

        return competitorTailBytes <= 0 ? null : CappedLog.Tail(log, competitorTailBytes);
    }
}
