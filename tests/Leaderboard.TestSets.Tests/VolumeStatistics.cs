namespace Leaderboard.TestSets.Tests;

/// <summary>Intensity statistics of one uint8 volume, as NumPy computes them (population standard deviation, median of the sorted values).</summary>
internal sealed record VolumeStatistics(double Mean, double StandardDeviation, double Median, double ZeroFraction, int Percentile99)
{
    public static VolumeStatistics Of(byte[] voxels)
    {
        var histogram = new long[256];
        foreach (byte value in voxels)
        {
            histogram[value]++;
        }

        double n = voxels.Length;
        double mean = Enumerable.Range(0, 256).Sum(v => v * (double)histogram[v]) / n;
        double variance = Enumerable.Range(0, 256).Sum(v => histogram[v] * (v - mean) * (v - mean)) / n;
        return new VolumeStatistics(mean, Math.Sqrt(variance), Quantile(histogram, n, 0.5), histogram[0] / n, (int)Quantile(histogram, n, 0.99));
    }

    /// <summary>ROC AUC as the Mann–Whitney statistic, ties counted one half.</summary>
    public static double Auc(bool[] positive, double[] scores)
    {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (positive[i] && !positive[j])
                {
                    pairs++;
                    if (scores[i] > scores[j])
                    {
                        wins += 1;
                    }
                    else if (scores[i] == scores[j])
                    {
                        wins += 0.5;
                    }
                }
            }
        }

        return wins / pairs;
    }

    /// <summary>The quantile with NumPy's default linear interpolation between the two nearest ranks.</summary>
    private static double Quantile(long[] histogram, double n, double q)
    {
        double position = q * (n - 1);
        long lower = (long)Math.Floor(position);
        double fraction = position - lower;
        return ValueAt(histogram, lower) + (fraction * (ValueAt(histogram, Math.Min(lower + 1, (long)n - 1)) - ValueAt(histogram, lower)));
    }

    private static int ValueAt(long[] histogram, long rank)
    {
        long seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (rank < seen)
            {
                return v;
            }
        }

        return 255;
    }
}
