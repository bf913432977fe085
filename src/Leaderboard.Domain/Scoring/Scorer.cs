using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Scoring;

/// <summary>One task's AUC with its 95% DeLong interval, clipped to [0, 1].</summary>
public sealed record TaskScore(MrnetTask Task, double Auc, double CiLow, double CiHigh);

/// <summary>The mean of the three task AUCs with its 95% paired-bootstrap percentile interval.</summary>
public sealed record MeanAucScore(double Value, double CiLow, double CiHigh);

/// <summary>A submission's score on one test-set version, with the version of the scorer that computed it.</summary>
public sealed record ScoreReport(IReadOnlyList<TaskScore> Tasks, MeanAucScore MeanAuc, string ScorerVersion)
{
    public TaskScore Get(MrnetTask task) => Tasks.Single(t => t.Task == task);
}

/// <summary>Scores a submission's predictions against a test set's labels.</summary>
public static class Scorer
{
    /// <summary>
    /// The version stored with every score. Raise it whenever a change could alter any
    /// stored number (an AUC, an interval or the resampling), so that old and new scores
    /// can be distinguished.
    /// </summary>
    public const string Version = "1.0.0";

    /// <summary>
    /// Computes each task's AUC and DeLong interval, the mean AUC and its bootstrap
    /// interval from <see cref="PairedBootstrap.ResampleCount"/> resamples.
    /// </summary>
    /// <param name="predictions">One per exam, joined to the labels by case id, in any order.</param>
    /// <param name="bootstrapSeed">From <see cref="BootstrapSeed.FromTestSetVersion"/>, so a rescore reproduces the interval.</param>
    /// <exception cref="ArgumentException">The predictions do not cover the labels exactly, or a score is NaN.</exception>
    public static ScoreReport Score(TestSetLabels labels, IReadOnlyList<ExamPrediction> predictions, ulong bootstrapSeed)
    {
        var aligned = ExamAlignment.Align(labels, predictions, nameof(predictions));

        var tasks = new List<TaskScore>();
        foreach (var task in MrnetTasks.All)
        {
            var estimate = DeLong.Estimate(ExamAlignment.Scores(aligned, task), labels.Column(task));
            tasks.Add(new TaskScore(task, estimate.Auc, estimate.CiLow, estimate.CiHigh));
        }

        var mean = MeanOf(tasks[0].Auc, tasks[1].Auc, tasks[2].Auc);
        var resamples = PairedBootstrap.Resample(labels, [aligned], bootstrapSeed, PairedBootstrap.ResampleCount);
        var (low, high) = PairedBootstrap.PercentileInterval(resamples);
        return new ScoreReport(tasks, new MeanAucScore(mean, low, high), Version);
    }

    /// <summary>
    /// Computes the arithmetic mean of the three task AUCs. Every mean AUC, observed or
    /// resampled, uses this one expression, so equal AUCs give bit-identical means.
    /// </summary>
    public static double MeanOf(double abnormal, double acl, double meniscus) => (abnormal + acl + meniscus) / 3.0;
}
