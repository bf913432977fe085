using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Scoring;

// PLACEHOLDER: the scoring work replaces this whole file.
public sealed record TaskScore(MrnetTask Task, double Auc, double CiLow, double CiHigh);

public sealed record MeanAucScore(double Value, double CiLow, double CiHigh);

public sealed record ScoreReport(IReadOnlyList<TaskScore> Tasks, MeanAucScore MeanAuc, string ScorerVersion)
{
    public TaskScore Get(MrnetTask task) => Tasks.Single(t => t.Task == task);
}

public static class Scorer
{
    public const string Version = "0.0.0";

    public static ScoreReport Score(TestSetLabels labels, IReadOnlyList<ExamPrediction> predictions, ulong bootstrapSeed) =>
        throw new NotImplementedException();
}

public static class BootstrapSeed
{
    public static ulong FromTestSetVersion(string contentHash) => throw new NotImplementedException();
}

public sealed record PairedComparisonResult(double MeanAucDifference, double CiLow, double CiHigh, bool IsSignificant);

public static class PairedComparison
{
    public static PairedComparisonResult CompareMeanAuc(TestSetLabels labels, IReadOnlyList<ExamPrediction> first, IReadOnlyList<ExamPrediction> second, ulong bootstrapSeed) =>
        throw new NotImplementedException();
}
