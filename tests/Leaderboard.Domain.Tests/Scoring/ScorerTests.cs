using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Tests.Scoring;

public class ScorerTests
{
    [Fact]
    public void Score_RecordsScorerVersion()
    {
        var labels = TestSetFixture.Labels();

        var report = Scorer.Score(labels, TestSetFixture.Predictions(labels, 5, 0.5), 1);

        Assert.Equal(Scorer.Version, report.ScorerVersion);
        Assert.Equal("1.0.0", report.ScorerVersion);
    }

    [Fact]
    public void Score_TaskAucs_MatchDeLong()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var report = Scorer.Score(labels, predictions, 1);

        Assert.Equal(MrnetTasks.All, report.Tasks.Select(task => task.Task));
        foreach (var task in MrnetTasks.All)
        {
            var scores = TestSetFixture.Scores(predictions, task);
            var column = TestSetFixture.Column(labels, task);
            var estimate = DeLong.Estimate(scores, column);
            Assert.Equal(RocAuc.Compute(scores, column), report.Get(task).Auc);
            Assert.Equal(estimate.CiLow, report.Get(task).CiLow);
            Assert.Equal(estimate.CiHigh, report.Get(task).CiHigh);
        }
    }

    [Fact]
    public void Score_MeanAuc_UsesBootstrapInterval()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);

        var report = Scorer.Score(labels, predictions, 77);
        var (low, high) = PairedBootstrap.PercentileInterval(PairedBootstrap.MeanAucResamples(labels, predictions, 77));

        var aucs = report.Tasks.Select(task => task.Auc).ToArray();
        Assert.Equal((aucs[0] + aucs[1] + aucs[2]) / 3.0, report.MeanAuc.Value);
        Assert.Equal(low, report.MeanAuc.CiLow);
        Assert.Equal(high, report.MeanAuc.CiHigh);
        Assert.InRange(report.MeanAuc.Value, report.MeanAuc.CiLow, report.MeanAuc.CiHigh);
    }

    [Fact]
    public void Score_ShuffledPredictions_GiveSameReport()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);
        var shuffled = predictions.OrderBy(prediction => prediction.Abnormal).ToList();

        var report = Scorer.Score(labels, predictions, 3);
        var shuffledReport = Scorer.Score(labels, shuffled, 3);

        Assert.Equal(report.Tasks, shuffledReport.Tasks);
        Assert.Equal(report.MeanAuc, shuffledReport.MeanAuc);
    }

    [Fact]
    public void Score_MissingPrediction_ThrowsNamingCase()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5).Where(prediction => prediction.CaseId != "1260").ToList();

        var error = Assert.Throws<ArgumentException>(() => Scorer.Score(labels, predictions, 1));

        Assert.Contains("missing 1 (1260)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnknownAndDuplicateCases_ThrowNamingCases()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);
        predictions.Add(new ExamPrediction("9999", 0.5, 0.5, 0.5));
        predictions.Add(predictions[0]);

        var error = Assert.Throws<ArgumentException>(() => Scorer.Score(labels, predictions, 1));

        Assert.Contains("not in the test set 1 (9999)", error.Message, StringComparison.Ordinal);
        Assert.Contains("predicted twice 1 (1250)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_NaNPrediction_Throws()
    {
        var labels = TestSetFixture.Labels();
        var predictions = TestSetFixture.Predictions(labels, 5, 0.5);
        predictions[3] = predictions[3] with { Acl = double.NaN };

        Assert.Throws<ArgumentException>(() => Scorer.Score(labels, predictions, 1));
    }

    [Fact]
    public void Get_ReturnsNamedTask()
    {
        var labels = TestSetFixture.Labels();

        var report = Scorer.Score(labels, TestSetFixture.Predictions(labels, 5, 0.5), 1);

        Assert.Equal(MrnetTask.Meniscus, report.Get(MrnetTask.Meniscus).Task);
    }
}
