using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Scoring;

/// <summary>
/// The paired bootstrap of the mean AUC over exams. Each resample draws n exams with
/// replacement from the test set's n exams, with <see cref="Xoshiro256StarStar"/> seeded
/// from the test-set version. The three tasks, and both submissions of a comparison, are
/// scored on the same resampled exams. How a resample with one class in a task is
/// handled is described on <see cref="ExamResampler"/>: it is drawn again.
/// </summary>
public static class PairedBootstrap
{
    public const int ResampleCount = 2000;

    /// <summary>The two-sided confidence level of <see cref="PercentileInterval"/>.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>Computes the mean AUC of each resample, in draw order.</summary>
    /// <exception cref="ArgumentException">The predictions do not cover the test set exactly, or a score is NaN.</exception>
    public static double[] MeanAucResamples(TestSetLabels labels, IReadOnlyList<ExamPrediction> predictions, ulong seed, int resampleCount = ResampleCount)
    {
        var aligned = ExamAlignment.Align(labels, predictions, nameof(predictions));
        return Resample(labels, [aligned], seed, resampleCount);
    }

    /// <summary>Computes, for each resample, the mean AUC of <paramref name="first"/> minus that of <paramref name="second"/>.</summary>
    /// <exception cref="ArgumentException">Either list does not cover the test set exactly, or a score is NaN.</exception>
    public static double[] MeanAucDifferenceResamples(
        TestSetLabels labels,
        IReadOnlyList<ExamPrediction> first,
        IReadOnlyList<ExamPrediction> second,
        ulong seed,
        int resampleCount = ResampleCount)
    {
        var firstAligned = ExamAlignment.Align(labels, first, nameof(first));
        var secondAligned = ExamAlignment.Align(labels, second, nameof(second));
        return Resample(labels, [firstAligned, secondAligned], seed, resampleCount);
    }

    /// <summary>
    /// Returns the 2.5th and 97.5th percentiles of <paramref name="resamples"/>, each
    /// interpolated linearly between the two nearest order statistics at position
    /// p·(N − 1), as numpy.percentile does by default.
    /// </summary>
    public static (double Low, double High) PercentileInterval(ReadOnlySpan<double> resamples)
    {
        if (resamples.IsEmpty)
        {
            throw new ArgumentException("The percentile interval needs at least one resample.", nameof(resamples));
        }

        var sorted = resamples.ToArray();
        Array.Sort(sorted);
        var tail = (1.0 - ConfidenceLevel) / 2.0;
        return (Percentile(sorted, tail), Percentile(sorted, 1.0 - tail));
    }

    /// <summary>
    /// Runs the bootstrap for one submission (the mean AUC) or two (the difference of mean
    /// AUCs, first minus second). The predictions must already be in the exams' order.
    /// </summary>
    internal static double[] Resample(TestSetLabels labels, ExamPrediction[][] submissions, ulong seed, int resampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resampleCount);

        var taskLabels = MrnetTasks.All.Select(labels.Column).ToArray();
        var ranked = submissions
            .Select(aligned => MrnetTasks.All.Select(task => new RankedScores(ExamAlignment.Scores(aligned, task), labels.Column(task))).ToArray())
            .ToArray();

        var resampler = new ExamResampler(taskLabels, seed);
        var draws = new int[labels.Exams.Count];
        var positiveDraws = new long[taskLabels.Length];
        var results = new double[resampleCount];
        for (var b = 0; b < resampleCount; b++)
        {
            resampler.Next(draws, positiveDraws);
            var firstMean = MeanAuc(ranked[0], draws, positiveDraws);
            results[b] = ranked.Length == 1 ? firstMean : firstMean - MeanAuc(ranked[1], draws, positiveDraws);
        }

        return results;
    }

    private static double MeanAuc(RankedScores[] tasks, ReadOnlySpan<int> draws, ReadOnlySpan<long> positiveDraws)
    {
        var n = draws.Length;
        return Scorer.MeanOf(
            tasks[0].Auc(draws, positiveDraws[0], n - positiveDraws[0]),
            tasks[1].Auc(draws, positiveDraws[1], n - positiveDraws[1]),
            tasks[2].Auc(draws, positiveDraws[2], n - positiveDraws[2]));
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        if (below + 1 >= sorted.Length)
        {
            return sorted[^1];
        }

        return sorted[below] + ((position - below) * (sorted[below + 1] - sorted[below]));
    }
}
