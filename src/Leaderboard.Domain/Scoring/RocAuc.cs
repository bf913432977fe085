using System.Buffers;

namespace Leaderboard.Domain.Scoring;

/// <summary>
/// The area under the ROC curve as the exact rank statistic: the share of
/// (positive, negative) exam pairs in which the positive exam scores higher, with tied
/// pairs counted one half. This equals the Mann-Whitney U of the positives, computed with
/// midranks for ties, divided by the number of pairs.
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// Computes the ROC AUC of <paramref name="scores"/> against <paramref name="labels"/>
    /// (true = positive) in O(n log n) time.
    /// </summary>
    /// <remarks>
    /// The pair counts are 64-bit integers, and the result is one double division of twice
    /// the U statistic by twice the number of pairs. Both are exact below 2^53, which holds for
    /// up to about 10^8 exams, so the result is the correctly rounded value of the exact
    /// fraction. It equals scikit-learn's <c>roc_auc_score</c> to 1e-12 on the cases in
    /// <c>RocAucTests</c>. Infinite scores are ordered as usual, although scikit-learn rejects them.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a score is NaN, or only one class is present (AUC is undefined).
    /// </exception>
    public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var (positives, negatives) = CountClasses(scores, labels);

        var pool = ArrayPool<ulong>.Shared;
        var positiveKeys = pool.Rent(positives);
        var negativeKeys = pool.Rent(negatives);
        var scratch = pool.Rent(Math.Max(positives, negatives));
        try
        {
            SplitIntoKeys(scores, labels, positiveKeys, negativeKeys);

            var sortedPositives = positiveKeys.AsSpan(0, positives);
            var sortedNegatives = negativeKeys.AsSpan(0, negatives);
            SortableDoubleKeys.Sort(sortedPositives, scratch);
            SortableDoubleKeys.Sort(sortedNegatives, scratch);

            var twiceU = CountTwiceU(sortedPositives, sortedNegatives);
            return FromTwiceU(twiceU, positives, negatives);
        }
        finally
        {
            pool.Return(positiveKeys);
            pool.Return(negativeKeys);
            pool.Return(scratch);
        }
    }

    /// <summary>
    /// Divides twice the U statistic by twice the number of pairs. Every AUC in this
    /// library goes through this one expression, so equal counts give bit-identical AUCs.
    /// </summary>
    internal static double FromTwiceU(long twiceU, long positives, long negatives) =>
        twiceU / (2.0 * positives * negatives);

    internal static (int Positives, int Negatives) CountClasses(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException(
                $"There are {scores.Length} scores but {labels.Length} labels; each exam needs one of each.",
                nameof(labels));
        }

        var positives = 0;
        foreach (var label in labels)
        {
            if (label)
            {
                positives++;
            }
        }

        var negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"ROC AUC is undefined because only one class is present ({positives} positive and {negatives} negative exams).",
                nameof(labels));
        }

        return (positives, negatives);
    }

    private static void SplitIntoKeys(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ulong[] positiveKeys, ulong[] negativeKeys)
    {
        var positive = 0;
        var negative = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var key = SortableDoubleKeys.ToKey(scores[i]);
            if (labels[i])
            {
                positiveKeys[positive++] = key;
            }
            else
            {
                negativeKeys[negative++] = key;
            }
        }
    }

    /// <summary>
    /// Counts, over every positive, 2 × (negatives scored lower) + (negatives scored equal),
    /// walking both ascending key lists once.
    /// </summary>
    private static long CountTwiceU(ReadOnlySpan<ulong> positives, ReadOnlySpan<ulong> negatives)
    {
        long twiceU = 0;
        var below = 0;
        var i = 0;
        while (i < positives.Length)
        {
            var key = positives[i];
            var tiedPositives = 0;
            while (i < positives.Length && positives[i] == key)
            {
                tiedPositives++;
                i++;
            }

            while (below < negatives.Length && negatives[below] < key)
            {
                below++;
            }

            var equal = 0;
            while (below + equal < negatives.Length && negatives[below + equal] == key)
            {
                equal++;
            }

            twiceU += tiedPositives * ((2L * below) + equal);
        }

        return twiceU;
    }
}
