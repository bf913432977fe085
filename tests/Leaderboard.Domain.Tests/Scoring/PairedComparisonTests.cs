using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Tests.Scoring;

public class PairedComparisonTests
{
    [Fact]
    public void CompareMeanAuc_IdenticalPredictions_IsNotSignificant()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var result = PairedComparison.CompareMeanAuc(labels, predictions, [.. predictions], 11);

        Assert.Equal(0.0, result.MeanAucDifference);
        Assert.Equal(0.0, result.CiLow);
        Assert.Equal(0.0, result.CiHigh);
        Assert.False(result.IsSignificant);
    }

    [Fact]
    public void CompareMeanAuc_StrongAgainstRandom_IsSignificant()
    {
        var labels = TestSetFixture.Labels();
        var strong = TestSetFixture.Predictions(labels, 5, 0.8);
        var random = TestSetFixture.Predictions(labels, 6, 0.0);

        var result = PairedComparison.CompareMeanAuc(labels, strong, random, 11);

        Assert.True(result.MeanAucDifference > 0.2, $"difference {result.MeanAucDifference}");
        Assert.True(result.CiLow > 0, $"interval [{result.CiLow}, {result.CiHigh}]");
        Assert.True(result.IsSignificant);
    }

    [Fact]
    public void CompareMeanAuc_CloseSubmissions_IsNotSignificant()
    {
        var labels = TestSetFixture.Labels();
        var first = TestSetFixture.Predictions(labels, 5, 0.5);
        var second = TestSetFixture.Predictions(labels, 6, 0.5);

        var result = PairedComparison.CompareMeanAuc(labels, first, second, 11);

        Assert.True(result.CiLow < 0, $"interval [{result.CiLow}, {result.CiHigh}]");
        Assert.True(result.CiHigh > 0, $"interval [{result.CiLow}, {result.CiHigh}]");
        Assert.False(result.IsSignificant);
    }

    [Fact]
    public void CompareMeanAuc_SwappedOrder_NegatesResult()
    {
        var labels = TestSetFixture.Labels();
        var first = TestSetFixture.Predictions(labels, 5, 0.5);
        var second = TestSetFixture.Predictions(labels, 6, 0.3);

        var forward = PairedComparison.CompareMeanAuc(labels, first, second, 11);
        var backward = PairedComparison.CompareMeanAuc(labels, second, first, 11);

        Assert.Equal(-forward.MeanAucDifference, backward.MeanAucDifference);
        Assert.Equal(-forward.CiHigh, backward.CiLow, 1e-15);
        Assert.Equal(-forward.CiLow, backward.CiHigh, 1e-15);
    }

    [Fact]
    public void CompareTasks_MatchesDeLongPerTask()
    {
        var labels = TestSetFixture.Labels();
        var first = TestSetFixture.Predictions(labels, 5, 0.5);
        var second = TestSetFixture.Predictions(labels, 6, 0.3);

        var comparisons = PairedComparison.CompareTasks(labels, first, second);

        Assert.Equal(MrnetTasks.All, comparisons.Select(comparison => comparison.Task));
        foreach (var comparison in comparisons)
        {
            var expected = DeLong.Compare(
                TestSetFixture.Scores(first, comparison.Task),
                TestSetFixture.Scores(second, comparison.Task),
                TestSetFixture.Column(labels, comparison.Task));
            Assert.Equal(expected, comparison.DeLong);
        }
    }
}
