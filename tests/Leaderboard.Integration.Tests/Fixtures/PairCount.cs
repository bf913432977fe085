namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// AUC as the share of positive-negative pairs in the right order, ties counted one half: the
/// definition itself, independent of the product's rank-based implementation.
/// </summary>
internal static class PairCount
{
    public static double Auc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        double wins = 0;
        foreach (var positive in positives)
        {
            foreach (var negative in negatives)
            {
                if (positive > negative)
                {
                    wins += 1;
                }
                else if (positive == negative)
                {
                    wins += 0.5;
                }
            }
        }

        return wins / ((double)positives.Count * negatives.Count);
    }
}
