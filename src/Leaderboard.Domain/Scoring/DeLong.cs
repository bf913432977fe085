namespace Leaderboard.Domain.Scoring;

/// <summary>An AUC with its DeLong variance and 95% confidence interval, clipped to [0, 1].</summary>
/// <param name="Variance">NaN when a class has fewer than two exams, and the interval is then [0, 1].</param>
public sealed record DeLongEstimate(double Auc, double Variance, double CiLow, double CiHigh);

/// <summary>
/// DeLong's test of two correlated AUCs measured on the same exams, first minus second.
/// The 95% interval of the difference is clipped to [−1, 1].
/// </summary>
/// <param name="Variance">NaN when a class has fewer than two exams, and the interval is then [−1, 1].</param>
/// <param name="Z">The difference divided by its standard error, or ±infinity when the error is 0 and the difference is not.</param>
public sealed record DeLongComparison(
    double AucDifference,
    double Variance,
    double StandardError,
    double Z,
    double PValue,
    double CiLow,
    double CiHigh)
{
    /// <summary>Whether the 95% interval of the difference excludes 0.</summary>
    public bool IsSignificant => CiLow > 0 || CiHigh < 0;
}

/// <summary>
/// The variance of an AUC and the covariance of two AUCs on the same exams, after
/// DeLong, DeLong and Clarke-Pearson, "Comparing the areas under two or more correlated
/// receiver operating characteristic curves", Biometrics 44 (1988).
/// </summary>
/// <remarks>
/// Each positive exam's placement is the share of negatives it outscores and each
/// negative's the share of positives that outscore it, ties counted one half. With m
/// positives and n negatives, Var(AUC) = S10/m + S01/n, where S10 and S01 are the sample
/// variances (divisor m − 1 and n − 1) of the two placement lists. The covariance of two
/// AUCs uses the sample covariances of the paired placements in the same way.
/// </remarks>
public static class DeLong
{
    /// <summary>Computes the AUC, its DeLong variance and its 95% interval AUC ± 1.96·√Var.</summary>
    /// <exception cref="ArgumentException">As for <see cref="RocAuc.Compute"/>.</exception>
    public static DeLongEstimate Estimate(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var auc = RocAuc.Compute(scores, labels);
        var placements = Placements.Compute(scores, labels);
        if (!placements.HasVariance)
        {
            return new DeLongEstimate(auc, double.NaN, 0.0, 1.0);
        }

        var variance = (Covariance(placements.Positive, placements.Positive) / placements.Positive.Length)
            + (Covariance(placements.Negative, placements.Negative) / placements.Negative.Length);
        var halfWidth = NormalDistribution.Quantile975 * Math.Sqrt(variance);
        return new DeLongEstimate(auc, variance, Math.Max(0.0, auc - halfWidth), Math.Min(1.0, auc + halfWidth));
    }

    /// <summary>Compares the AUCs of two sets of scores for the same exams, first minus second.</summary>
    /// <exception cref="ArgumentException">The three spans differ in length, or as for <see cref="RocAuc.Compute"/>.</exception>
    public static DeLongComparison Compare(ReadOnlySpan<double> firstScores, ReadOnlySpan<double> secondScores, ReadOnlySpan<bool> labels)
    {
        if (firstScores.Length != secondScores.Length)
        {
            throw new ArgumentException(
                $"The first submission has {firstScores.Length} scores and the second {secondScores.Length}; both must score the same exams.",
                nameof(secondScores));
        }

        var difference = RocAuc.Compute(firstScores, labels) - RocAuc.Compute(secondScores, labels);
        var first = Placements.Compute(firstScores, labels);
        var second = Placements.Compute(secondScores, labels);
        if (!first.HasVariance)
        {
            return new DeLongComparison(difference, double.NaN, double.NaN, double.NaN, double.NaN, -1.0, 1.0);
        }

        var variance = DifferenceVariance(first.Positive, second.Positive) + DifferenceVariance(first.Negative, second.Negative);

        // Rounding can leave a tiny negative variance when the two score lists rank the exams
        // almost identically, but the true value is at least zero.
        variance = Math.Max(0.0, variance);
        var standardError = Math.Sqrt(variance);
        var z = ZStatistic(difference, standardError);
        var halfWidth = NormalDistribution.Quantile975 * standardError;
        return new DeLongComparison(
            difference,
            variance,
            standardError,
            z,
            NormalDistribution.TwoSidedPValue(z),
            Math.Max(-1.0, difference - halfWidth),
            Math.Min(1.0, difference + halfWidth));
    }

    /// <summary>Computes Var(a − b) / count for paired placement lists: (S_aa + S_bb − 2·S_ab) / count.</summary>
    private static double DifferenceVariance(double[] first, double[] second) =>
        (Covariance(first, first) + Covariance(second, second) - (2.0 * Covariance(first, second))) / first.Length;

    private static double ZStatistic(double difference, double standardError)
    {
        if (standardError > 0)
        {
            return difference / standardError;
        }

        return difference == 0 ? 0.0 : Math.CopySign(double.PositiveInfinity, difference);
    }

    /// <summary>Computes the sample covariance with divisor count − 1, centring each list on its mean first.</summary>
    private static double Covariance(double[] first, double[] second)
    {
        var firstMean = Mean(first);
        var secondMean = Mean(second);
        var sum = 0.0;
        for (var i = 0; i < first.Length; i++)
        {
            sum += (first[i] - firstMean) * (second[i] - secondMean);
        }

        return sum / (first.Length - 1);
    }

    private static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    /// <summary>The placement of every positive and every negative exam, each list in exam order.</summary>
    private sealed class Placements
    {
        private Placements(double[] positive, double[] negative)
        {
            Positive = positive;
            Negative = negative;
        }

        public double[] Positive { get; }

        public double[] Negative { get; }

        /// <summary>Whether both sample variances are defined, which needs two exams in each class.</summary>
        public bool HasVariance => Positive.Length >= 2 && Negative.Length >= 2;

        public static Placements Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
        {
            var (positives, negatives) = RocAuc.CountClasses(scores, labels);

            var keys = new ulong[scores.Length];
            var order = new int[scores.Length];
            for (var i = 0; i < scores.Length; i++)
            {
                keys[i] = SortableDoubleKeys.ToKey(scores[i]);
                order[i] = i;
            }

            Array.Sort(keys, order);
            var byExam = PlaceByExam(keys, order, labels, positives, negatives);
            return Split(byExam, labels, positives, negatives);
        }

        /// <summary>Walks the exams in ascending score order, one tie group at a time.</summary>
        private static double[] PlaceByExam(ulong[] keys, int[] order, ReadOnlySpan<bool> labels, int positives, int negatives)
        {
            var placement = new double[keys.Length];
            long positivesBelow = 0;
            long negativesBelow = 0;
            var start = 0;
            while (start < keys.Length)
            {
                var end = start;
                long tiedPositives = 0;
                while (end < keys.Length && keys[end] == keys[start])
                {
                    tiedPositives += labels[order[end]] ? 1 : 0;
                    end++;
                }

                var tiedNegatives = end - start - tiedPositives;
                var positivesAbove = positives - positivesBelow - tiedPositives;
                var positivePlacement = ((2 * negativesBelow) + tiedNegatives) / (2.0 * negatives);
                var negativePlacement = ((2 * positivesAbove) + tiedPositives) / (2.0 * positives);
                for (var k = start; k < end; k++)
                {
                    placement[order[k]] = labels[order[k]] ? positivePlacement : negativePlacement;
                }

                positivesBelow += tiedPositives;
                negativesBelow += tiedNegatives;
                start = end;
            }

            return placement;
        }

        private static Placements Split(double[] byExam, ReadOnlySpan<bool> labels, int positives, int negatives)
        {
            var positive = new double[positives];
            var negative = new double[negatives];
            var p = 0;
            var q = 0;
            for (var i = 0; i < byExam.Length; i++)
            {
                if (labels[i])
                {
                    positive[p++] = byExam[i];
                }
                else
                {
                    negative[q++] = byExam[i];
                }
            }

            return new Placements(positive, negative);
        }
    }
}
