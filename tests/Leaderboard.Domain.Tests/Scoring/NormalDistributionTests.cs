using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

// Expected values from scipy 1.10.1 (scipy.special.erfc, scipy.stats.norm), printed by
// tools/reference_values.py.
public class NormalDistributionTests
{
    public static TheoryData<double, double> ErfcValues => new()
    {
        { 0.0, 1.0 },
        { 0.1, 0.8875370839817152 },
        { 0.5, 0.4795001221869535 },
        { 1.0, 0.15729920705028516 },
        { 1.3859038243496777, 0.050000000000000024 },
        { 1.9, 0.007209570764742531 },
        { 2.0, 0.004677734981047266 },
        { 2.5, 0.00040695201744495886 },
        { 4.0, 1.541725790028002e-08 },
        { 6.0, 2.1519736712498913e-17 },
        { 10.0, 2.0884875837625446e-45 },
        { 26.0, 5.663192408856145e-296 },
        { -0.7, 1.6778011938374182 },
        { -3.0, 1.9999779095030015 },
    };

    public static TheoryData<double, double> CdfValues => new()
    {
        { -8.0, 6.22096057427174e-16 },
        { -1.959963984540054, 0.025 },
        { 0.0, 0.5 },
        { 0.3, 0.6179114221889526 },
        { 1.959963984540054, 0.975 },
        { 5.0, 0.9999997133484281 },
    };

    [Theory]
    [MemberData(nameof(ErfcValues))]
    public void Erfc_MatchesScipy(double x, double expected)
    {
        var actual = NormalDistribution.Erfc(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-14 * expected, $"erfc({x:R}) = {actual:R}, scipy {expected:R}");
    }

    [Theory]
    [MemberData(nameof(CdfValues))]
    public void Cdf_MatchesScipy(double x, double expected)
    {
        var actual = NormalDistribution.Cdf(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-14 * expected, $"Φ({x:R}) = {actual:R}, scipy {expected:R}");
    }

    [Fact]
    public void TwoSidedPValue_AtQuantile975_Is005()
    {
        Assert.Equal(0.05, NormalDistribution.TwoSidedPValue(NormalDistribution.Quantile975), 1e-15);
    }

    [Fact]
    public void TwoSidedPValue_Infinite_IsZero()
    {
        Assert.Equal(0.0, NormalDistribution.TwoSidedPValue(double.NegativeInfinity));
    }
}
