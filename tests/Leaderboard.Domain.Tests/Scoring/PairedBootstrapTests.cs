using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Tests.Scoring;

public class PairedBootstrapTests
{
    [Fact]
    public void MeanAucResamples_SameSeed_AreIdentical()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var first = PairedBootstrap.MeanAucResamples(labels, predictions, 99);
        var second = PairedBootstrap.MeanAucResamples(labels, predictions, 99);

        Assert.Equal(PairedBootstrap.ResampleCount, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void MeanAucResamples_OtherSeed_Differ()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var first = PairedBootstrap.MeanAucResamples(labels, predictions, 99);
        var second = PairedBootstrap.MeanAucResamples(labels, predictions, 100);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void MeanAucResamples_EqualMaterialisedResamples()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var resamples = PairedBootstrap.MeanAucResamples(labels, predictions, 1234, resampleCount: 300);
        var expected = MaterialisedMeanAucs(labels, predictions, 1234, 300);

        Assert.Equal(expected, resamples);
    }

    [Fact]
    public void MeanAucResamples_OneClass_IsRedrawn()
    {
        // One positive exam among four in each task: the documented policy draws a resample
        // again whenever a task lost its only positive, which happens in about a third of draws.
        var result = TestSetLabels.FromExams(
        [
            new ExamLabels("0001", true, false, false),
            new ExamLabels("0002", false, true, false),
            new ExamLabels("0003", false, false, true),
            new ExamLabels("0004", false, false, false),
        ]);
        var labels = result.Labels!;
        var predictions = TestSetFixture.Predictions(labels, 3, 0.3);

        var resamples = PairedBootstrap.MeanAucResamples(labels, predictions, 42, resampleCount: 500);
        var expected = MaterialisedMeanAucs(labels, predictions, 42, 500);

        Assert.Equal(expected, resamples);
        Assert.All(resamples, value => Assert.InRange(value, 0.0, 1.0));
    }

    [Fact]
    public void MeanAucDifferenceResamples_EqualDifferenceOfMeans()
    {
        var labels = TestSetFixture.Labels();
        var first = TestSetFixture.Predictions(labels, 5, 0.5);
        var second = TestSetFixture.Predictions(labels, 6, 0.3);

        var differences = PairedBootstrap.MeanAucDifferenceResamples(labels, first, second, 7);
        var firstMeans = PairedBootstrap.MeanAucResamples(labels, first, 7);
        var secondMeans = PairedBootstrap.MeanAucResamples(labels, second, 7);

        Assert.Equal(firstMeans.Zip(secondMeans, (a, b) => a - b), differences);
    }

    [Fact]
    public void PercentileInterval_Interpolates()
    {
        // 2,000 values 0..1999: the 2.5th percentile sits at 0.025 · 1999 = 49.975 and the
        // 97.5th at 0.975 · 1999 = 1949.025.
        var values = Enumerable.Range(0, 2000).Select(i => (double)((i * 7919) % 2000)).ToArray();

        var (low, high) = PairedBootstrap.PercentileInterval(values);

        Assert.Equal(49.975, low, 1e-9);
        Assert.Equal(1949.025, high, 1e-9);
    }

    [Fact]
    public void PercentileInterval_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => PairedBootstrap.PercentileInterval([]));
    }

    /// <summary>
    /// Repeats the documented resampling step by step: n draws of NextInt(n) per resample,
    /// drawn again while any task has one class, then RocAuc on the copied exams.
    /// </summary>
    private static double[] MaterialisedMeanAucs(TestSetLabels labels, List<ExamPrediction> predictions, ulong seed, int count)
    {
        var random = new Xoshiro256StarStar(seed);
        var n = labels.Exams.Count;
        var scoreColumns = MrnetTasks.All.Select(task => TestSetFixture.Scores(predictions, task)).ToArray();
        var results = new double[count];
        for (var b = 0; b < count; b++)
        {
            int[] drawn;
            do
            {
                drawn = [.. Enumerable.Range(0, n).Select(_ => random.NextInt(n))];
            }
            while (MrnetTasks.All.Any(task => drawn.Select(i => labels.Exams[i].Get(task)).Distinct().Count() < 2));

            var aucs = MrnetTasks.All.Select(task => RocAuc.Compute(
                drawn.Select(i => scoreColumns[(int)task][i]).ToArray(),
                drawn.Select(i => labels.Exams[i].Get(task)).ToArray())).ToArray();
            results[b] = Scorer.MeanOf(aucs[0], aucs[1], aucs[2]);
        }

        return results;
    }
}
