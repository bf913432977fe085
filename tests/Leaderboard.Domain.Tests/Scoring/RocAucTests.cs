using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

public class RocAucTests
{
    // Expected values from scikit-learn 1.2.1 roc_auc_score (numpy 1.24.2), computed once by
    // tools/expected_auc.py with the Debian interpreter /usr/bin/python3 and pasted here
    // as printed by repr. The cases are written out identically in that script.
    private const double Tolerance = 1e-12;

    public static TheoryData<string, double[], bool[], double> WrittenOutCases => new()
    {
        { "TiesAcrossClasses", [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1], Labels(0, 0, 1, 1, 1, 0, 1, 0), 0.8125 },
        { "AllScoresTied", [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], Labels(1, 0, 1, 0, 0, 0), 0.5 },
        { "PerfectRanking", [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], Labels(0, 0, 0, 1, 1, 1), 1.0 },
        { "InvertedRanking", [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], Labels(0, 0, 0, 1, 1, 1), 0.0 },
        { "OnePositiveExam", [0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.6], Labels(0, 0, 0, 0, 1, 0, 0), 0.5 },
        { "OneNegativeExam", [0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.6], Labels(1, 1, 1, 1, 0, 1, 1), 0.5 },
        { "TwoExams", [0.2, 0.6], Labels(1, 0), 0.0 },
        { "ValuesOutsideUnitRange", [-0.0, 0.0, -1e300, 1e300, 5e-324, -5e-324, 2.5, -3.0, 0.0], Labels(1, 0, 0, 1, 0, 1, 1, 0, 1), 0.75 },
        { "NeighbouringDoubles", [0.1 + 0.2, 0.3, 0.30000000000000004, 0.29999999999999993, 0.3, 0.1 + 0.2], Labels(1, 0, 0, 1, 1, 0), 0.2777777777777778 },
    };

    // (seed, count, score bits, positive rate) for ExamGenerator, as in tools/expected_auc.py.
    public static TheoryData<string, ulong, int, int, double, double> GeneratedCases => new()
    {
        { "ManyTiesGenerated", 3, 5_000, 3, 0.5, 0.6649409268350388 },
        { "HeavyImbalance", 2, 100_000, 16, 0.01, 0.5879120945896179 },
        { "ExtremeImbalance", 4, 20_000, 24, 0.001, 0.5504895847616063 },
        { "MillionExams", 1, 1_000_000, 20, 0.3, 0.6197065377440748 },
    };

    [Theory]
    [MemberData(nameof(WrittenOutCases))]
    public void Compute_WrittenOutCase_MatchesScikitLearn(string name, double[] scores, bool[] labels, double expected)
    {
        var auc = RocAuc.Compute(scores, labels);

        Assert.True(Math.Abs(auc - expected) <= Tolerance, $"{name}: AUC {auc:R}, scikit-learn {expected:R}");
    }

    [Theory]
    [MemberData(nameof(GeneratedCases))]
    public void Compute_GeneratedCase_MatchesScikitLearn(string name, ulong seed, int count, int scoreBits, double positiveRate, double expected)
    {
        var (labels, scores) = ExamGenerator.Generate(seed, count, scoreBits, positiveRate);

        var auc = RocAuc.Compute(scores, labels);

        Assert.True(Math.Abs(auc - expected) <= Tolerance, $"{name}: AUC {auc:R}, scikit-learn {expected:R}");
    }

    [Fact]
    public void Generator_HeavyImbalance_HasPrintedPositiveCount()
    {
        // tools/expected_auc.py printed 947 positives of 100000 for this case, so the two
        // generators agree on the labels, not only on the resulting AUC.
        var (labels, _) = ExamGenerator.Generate(2, 100_000, 16, 0.01);

        Assert.Equal(947, labels.Count(label => label));
    }

    [Fact]
    public void Compute_MillionExams_MatchesPrintedPositiveCount()
    {
        var (labels, _) = ExamGenerator.Generate(1, 1_000_000, 20, 0.3);

        Assert.Equal(299_365, labels.Count(label => label));
    }

    [Fact]
    public void Compute_NegativeAndPositiveZero_AreTied()
    {
        var auc = RocAuc.Compute([-0.0, 0.0], Labels(1, 0));

        Assert.Equal(0.5, auc);
    }

    [Fact]
    public void Compute_InfiniteScores_AreOrdered()
    {
        var auc = RocAuc.Compute([double.PositiveInfinity, double.NegativeInfinity, 0.5], Labels(1, 0, 0));

        Assert.Equal(1.0, auc);
    }

    [Fact]
    public void Compute_NaNScore_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, double.NaN], Labels(1, 0)));

        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OneClassOnly_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, 0.2], Labels(1, 1)));

        Assert.Contains("only one class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_LengthMismatch_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, 0.2, 0.3], Labels(1, 0)));

        Assert.Contains("3 scores but 2 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([], []));
    }

    [Fact]
    public void Compute_RadixAndComparisonSort_Agree()
    {
        // About 600 exams per class, above the size at which the radix sort replaces the
        // comparison sort; full-precision scores make every radix pass run.
        var (labels, scores) = ExamGenerator.Generate(11, 1_200, 53, 0.5);
        var negated = scores.Select(score => -score).ToArray();

        var auc = RocAuc.Compute(scores, labels);
        var inverted = RocAuc.Compute(negated, labels);

        Assert.Equal(1.0, auc + inverted, 12);
        Assert.Equal(BruteForce.Auc(scores, labels), auc);
    }

    internal static bool[] Labels(params int[] values) => [.. values.Select(value => value == 1)];
}

/// <summary>The AUC as a count over every (positive, negative) pair, in O(n²), for checking.</summary>
internal static class BruteForce
{
    public static double Auc(double[] scores, bool[] labels)
    {
        long twiceU = 0;
        long positives = 0;
        long negatives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!labels[i])
            {
                negatives++;
                continue;
            }

            positives++;
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[j])
                {
                    continue;
                }

                if (scores[i] > scores[j])
                {
                    twiceU += 2;
                }
                else if (scores[i] == scores[j])
                {
                    twiceU += 1;
                }
            }
        }

        return twiceU / (2.0 * positives * negatives);
    }
}
