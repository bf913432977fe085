using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Scoring;

/// <summary>
/// The paired-bootstrap comparison of two submissions' mean AUCs on the same exams, first
/// minus second, with the 95% percentile interval of the difference.
/// </summary>
/// <param name="IsSignificant">Whether the interval excludes 0.</param>
public sealed record PairedComparisonResult(double MeanAucDifference, double CiLow, double CiHigh, bool IsSignificant);

/// <summary>DeLong's comparison of two submissions' AUCs on one task.</summary>
public sealed record TaskComparison(MrnetTask Task, DeLongComparison DeLong);

/// <summary>
/// Compares two submissions scored on the same test set. The leaderboard passes the row
/// above as <c>first</c> and marks the lower row "not significantly different" when the
/// mean AUC comparison is not significant.
/// </summary>
public static class PairedComparison
{
    /// <summary>Compares the mean AUCs with the paired bootstrap, drawing the resamples that <see cref="Scorer.Score"/> draws for the same seed.</summary>
    /// <exception cref="ArgumentException">Either list does not cover the labels exactly, or a score is NaN.</exception>
    public static PairedComparisonResult CompareMeanAuc(
        TestSetLabels labels,
        IReadOnlyList<ExamPrediction> first,
        IReadOnlyList<ExamPrediction> second,
        ulong bootstrapSeed)
    {
        var firstAligned = ExamAlignment.Align(labels, first, nameof(first));
        var secondAligned = ExamAlignment.Align(labels, second, nameof(second));

        var difference = MeanAuc(labels, firstAligned) - MeanAuc(labels, secondAligned);
        var resamples = PairedBootstrap.Resample(labels, [firstAligned, secondAligned], bootstrapSeed, PairedBootstrap.ResampleCount);
        var (low, high) = PairedBootstrap.PercentileInterval(resamples);
        return new PairedComparisonResult(difference, low, high, low > 0 || high < 0);
    }

    /// <summary>Compares each task's AUCs with DeLong's test for correlated AUCs.</summary>
    /// <exception cref="ArgumentException">Either list does not cover the labels exactly, or a score is NaN.</exception>
    public static IReadOnlyList<TaskComparison> CompareTasks(TestSetLabels labels, IReadOnlyList<ExamPrediction> first, IReadOnlyList<ExamPrediction> second)
    {
        var firstAligned = ExamAlignment.Align(labels, first, nameof(first));
        var secondAligned = ExamAlignment.Align(labels, second, nameof(second));

        return [.. MrnetTasks.All.Select(task => new TaskComparison(
            task,
            DeLong.Compare(ExamAlignment.Scores(firstAligned, task), ExamAlignment.Scores(secondAligned, task), labels.Column(task))))];
    }

    private static double MeanAuc(TestSetLabels labels, ExamPrediction[] aligned)
    {
        var aucs = MrnetTasks.All.Select(task => RocAuc.Compute(ExamAlignment.Scores(aligned, task), labels.Column(task))).ToArray();
        return Scorer.MeanOf(aucs[0], aucs[1], aucs[2]);
    }
}
