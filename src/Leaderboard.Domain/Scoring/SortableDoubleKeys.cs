namespace Leaderboard.Domain.Scoring;

/// <summary>
/// Maps doubles to unsigned 64-bit keys whose unsigned order is the numeric order of the
/// doubles, and sorts such keys with a least-significant-digit radix sort.
/// </summary>
internal static class SortableDoubleKeys
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    // Spans shorter than this are sorted by the runtime's comparison sort. The radix sort's
    // fixed cost, six histograms of 2,048 counts, is estimated (not measured) to outweigh
    // its gain below a few hundred keys.
    private const int RadixThreshold = 512;

    private const int DigitBits = 11;
    private const int BucketCount = 1 << DigitBits;
    private const int PassCount = (64 + DigitBits - 1) / DigitBits;

    /// <summary>
    /// Converts a score into its key. Equal doubles get equal keys: adding +0.0 turns -0.0
    /// into +0.0, as IEEE 754 round-to-nearest defines the sum. NaN has no order, so it throws.
    /// </summary>
    public static ulong ToKey(double score)
    {
        if (double.IsNaN(score))
        {
            throw new ArgumentException("A score is NaN; ROC AUC needs every score to be a number.", nameof(score));
        }

        var bits = (ulong)BitConverter.DoubleToInt64Bits(score + 0.0);
        return (bits & SignBit) != 0 ? ~bits : bits ^ SignBit;
    }

    /// <summary>Sorts <paramref name="keys"/> ascending, using <paramref name="scratch"/>, which must be at least as long.</summary>
    public static void Sort(Span<ulong> keys, Span<ulong> scratch)
    {
        if (keys.Length < RadixThreshold)
        {
            keys.Sort();
            return;
        }

        if (scratch.Length < keys.Length)
        {
            throw new ArgumentException("The scratch buffer is shorter than the keys.", nameof(scratch));
        }

        var histograms = new int[PassCount * BucketCount];
        CountDigits(keys, histograms);

        var source = keys;
        var target = scratch[..keys.Length];
        for (var pass = 0; pass < PassCount; pass++)
        {
            var histogram = histograms.AsSpan(pass * BucketCount, BucketCount);
            var shift = pass * DigitBits;

            // A digit that every key shares leaves the order unchanged, so the pass is skipped.
            // Scores quantised to a few decimals or to float precision skip most low passes.
            if (histogram[Digit(source[0], shift)] == keys.Length)
            {
                continue;
            }

            Scatter(source, target, histogram, shift);
            var swap = source;
            source = target;
            target = swap;
        }

        if (source != keys)
        {
            source.CopyTo(keys);
        }
    }

    private static int Digit(ulong key, int shift) => (int)((key >> shift) & (BucketCount - 1));

    private static void CountDigits(ReadOnlySpan<ulong> keys, int[] histograms)
    {
        foreach (var key in keys)
        {
            for (var pass = 0; pass < PassCount; pass++)
            {
                histograms[(pass * BucketCount) + Digit(key, pass * DigitBits)]++;
            }
        }
    }

    private static void Scatter(ReadOnlySpan<ulong> source, Span<ulong> target, Span<int> histogram, int shift)
    {
        // Turn the counts into the first output position of each bucket.
        var offset = 0;
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var count = histogram[bucket];
            histogram[bucket] = offset;
            offset += count;
        }

        foreach (var key in source)
        {
            target[histogram[Digit(key, shift)]++] = key;
        }
    }
}
