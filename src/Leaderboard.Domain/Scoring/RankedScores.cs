namespace Leaderboard.Domain.Scoring;

/// <summary>
/// One task's scores sorted once, so that the AUC of any bootstrap resample of the same
/// exams takes one O(n) pass over per-exam draw counts instead of a new sort.
/// </summary>
internal sealed class RankedScores
{
    private readonly int[] _examsByScore;
    private readonly bool[] _labelsByScore;

    // For the first position of each tie group, the position just after the group.
    private readonly int[] _groupEnd;

    public RankedScores(double[] scores, bool[] labels)
    {
        var keys = new ulong[scores.Length];
        _examsByScore = new int[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            keys[i] = SortableDoubleKeys.ToKey(scores[i]);
            _examsByScore[i] = i;
        }

        Array.Sort(keys, _examsByScore);
        _labelsByScore = [.. _examsByScore.Select(exam => labels[exam])];

        _groupEnd = new int[scores.Length];
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            _groupEnd[start] = end;
            start = end;
        }
    }

    /// <summary>
    /// Computes the AUC of the resample in which exam i was drawn <paramref name="draws"/>[i]
    /// times. The counts and the final division are those of <see cref="RocAuc.Compute"/>
    /// on the materialised resample, so the two results are bit-identical.
    /// </summary>
    public double Auc(ReadOnlySpan<int> draws, long positiveDraws, long negativeDraws)
    {
        long twiceU = 0;
        long negativesBelow = 0;
        var start = 0;
        while (start < _examsByScore.Length)
        {
            var end = _groupEnd[start];
            long tiedPositives = 0;
            long tiedNegatives = 0;
            for (var k = start; k < end; k++)
            {
                var count = draws[_examsByScore[k]];
                if (_labelsByScore[k])
                {
                    tiedPositives += count;
                }
                else
                {
                    tiedNegatives += count;
                }
            }

            twiceU += tiedPositives * ((2 * negativesBelow) + tiedNegatives);
            negativesBelow += tiedNegatives;
            start = end;
        }

        return RocAuc.FromTwiceU(twiceU, positiveDraws, negativeDraws);
    }
}
