using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

public class DeLongTests
{
    // Expected values from tools/delong_reference.py, an independent numpy implementation of
    // the fast midrank algorithm of Sun and Xu (IEEE Signal Processing Letters, 2014), with
    // numpy 1.24.2 and scipy 1.10.1. The written-out case is the same in that script.
    private const double Tolerance = 1e-9;

    private static readonly bool[] WrittenOutLabels = RocAucTests.Labels(1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1);

    private static readonly double[] WrittenOutFirst =
    [
        0.91, 0.12, 0.78, 0.55, 0.55, 0.30, 0.66, 0.41, 0.87, 0.08, 0.66, 0.72,
        0.49, 0.21, 0.95, 0.35, 0.49, 0.61, 0.27, 0.83, 0.55, 0.19, 0.44, 0.70,
    ];

    private static readonly double[] WrittenOutSecond =
    [
        0.80, 0.30, 0.62, 0.40, 0.71, 0.30, 0.52, 0.52, 0.75, 0.22, 0.48, 0.61,
        0.33, 0.45, 0.90, 0.28, 0.40, 0.40, 0.36, 0.69, 0.58, 0.30, 0.51, 0.57,
    ];

    [Fact]
    public void Estimate_WrittenOutFirst_MatchesReference()
    {
        var estimate = DeLong.Estimate(WrittenOutFirst, WrittenOutLabels);

        Assert.Equal(0.951388888888889, estimate.Auc, Tolerance);
        Assert.Equal(0.0014906004489337826, estimate.Variance, Tolerance);
        Assert.Equal(0.8757180210288775, estimate.CiLow, Tolerance);
        Assert.Equal(1.0, estimate.CiHigh);
    }

    [Fact]
    public void Estimate_WrittenOutSecond_MatchesReference()
    {
        var estimate = DeLong.Estimate(WrittenOutSecond, WrittenOutLabels);

        Assert.Equal(0.829861111111111, estimate.Auc, Tolerance);
        Assert.Equal(0.007468346661054994, estimate.Variance, Tolerance);
        Assert.Equal(0.6604818143918507, estimate.CiLow, Tolerance);
        Assert.Equal(0.9992404078303714, estimate.CiHigh, Tolerance);
    }

    [Fact]
    public void Compare_WrittenOutCase_MatchesReference()
    {
        var comparison = DeLong.Compare(WrittenOutFirst, WrittenOutSecond, WrittenOutLabels);

        Assert.Equal(0.1215277777777779, comparison.AucDifference, Tolerance);
        Assert.Equal(0.0050220082772166105, comparison.Variance, Tolerance);
        Assert.Equal(-0.01736728330832643, comparison.CiLow, Tolerance);
        Assert.Equal(0.26042283886388223, comparison.CiHigh, Tolerance);
        Assert.Equal(1.7148922769685246, comparison.Z, Tolerance);
        Assert.Equal(0.08636497887316943, comparison.PValue, Tolerance);
        Assert.False(comparison.IsSignificant);
    }

    [Fact]
    public void Compare_GeneratedCase_MatchesReference()
    {
        var (labels, first) = ExamGenerator.Generate(7, 500, 6, 0.4);
        var (_, second) = ExamGenerator.Generate(8, 500, 6, 0.4);

        var comparison = DeLong.Compare(first, second, labels);
        var firstEstimate = DeLong.Estimate(first, labels);
        var secondEstimate = DeLong.Estimate(second, labels);

        Assert.Equal(0.0006268261353864833, firstEstimate.Variance, Tolerance);
        Assert.Equal(0.5697250232445555, firstEstimate.CiLow, Tolerance);
        Assert.Equal(0.6678662844311128, firstEstimate.CiHigh, Tolerance);
        Assert.Equal(0.0006849904857683835, secondEstimate.Variance, Tolerance);
        Assert.Equal(0.4419476696736705, secondEstimate.CiLow, Tolerance);
        Assert.Equal(0.5445412902091894, secondEstimate.CiHigh, Tolerance);
        Assert.Equal(0.12555117389640424, comparison.AucDifference, Tolerance);
        Assert.Equal(0.0013165421713936044, comparison.Variance, Tolerance);
        Assert.Equal(0.05443547564970376, comparison.CiLow, Tolerance);
        Assert.Equal(0.19666687214310474, comparison.CiHigh, Tolerance);
        Assert.Equal(3.4602174361002596, comparison.Z, Tolerance);
        Assert.Equal(0.000539739365886727, comparison.PValue, Tolerance);
        Assert.True(comparison.IsSignificant);
    }

    [Fact]
    public void Estimate_PerfectSeparation_HasZeroWidthInterval()
    {
        var estimate = DeLong.Estimate([0.1, 0.2, 0.8, 0.9], RocAucTests.Labels(0, 0, 1, 1));

        Assert.Equal(1.0, estimate.Auc);
        Assert.Equal(0.0, estimate.Variance);
        Assert.Equal(1.0, estimate.CiLow);
        Assert.Equal(1.0, estimate.CiHigh);
    }

    [Fact]
    public void Estimate_SinglePositive_HasWholeRangeInterval()
    {
        var estimate = DeLong.Estimate([0.1, 0.2, 0.8, 0.9], RocAucTests.Labels(0, 0, 0, 1));

        Assert.Equal(1.0, estimate.Auc);
        Assert.True(double.IsNaN(estimate.Variance));
        Assert.Equal(0.0, estimate.CiLow);
        Assert.Equal(1.0, estimate.CiHigh);
    }

    [Fact]
    public void Compare_IdenticalScores_IsNotSignificant()
    {
        var comparison = DeLong.Compare(WrittenOutFirst, WrittenOutFirst, WrittenOutLabels);

        Assert.Equal(0.0, comparison.AucDifference);
        Assert.Equal(0.0, comparison.Variance);
        Assert.Equal(0.0, comparison.Z);
        Assert.Equal(1.0, comparison.PValue);
        Assert.False(comparison.IsSignificant);
    }

    [Fact]
    public void Compare_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeLong.Compare([0.1, 0.2], [0.1, 0.2, 0.3], RocAucTests.Labels(0, 1)));
    }
}
