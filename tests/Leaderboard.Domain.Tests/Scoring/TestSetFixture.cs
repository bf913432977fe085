using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Tests.Scoring;

/// <summary>Synthetic test sets and submissions with case ids from 1250, like the hidden MRNet test set.</summary>
internal static class TestSetFixture
{
    /// <summary>Labels of <paramref name="count"/> exams, about 40% positive in each task, from ExamGenerator.</summary>
    public static TestSetLabels Labels(int count = 120, ulong seed = 1)
    {
        var columns = Enumerable.Range(0, 3).Select(task => ExamGenerator.Generate(seed + (ulong)task, count, 8, 0.4).Labels).ToArray();
        var exams = Enumerable.Range(0, count)
            .Select(i => new ExamLabels(CaseId(i), columns[0][i], columns[1][i], columns[2][i]));
        var result = TestSetLabels.FromExams(exams);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Labels!;
    }

    /// <summary>
    /// A submission whose score for a positive exam is <paramref name="separation"/> higher on
    /// average: score = separation · label + uniform[0, 1). A separation of 0 is a random model.
    /// </summary>
    public static List<ExamPrediction> Predictions(TestSetLabels labels, ulong seed, double separation)
    {
        var random = new Xoshiro256StarStar(seed);
        double Score(bool label) => (label ? separation : 0.0) + (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return [.. labels.Exams.Select(exam => new ExamPrediction(exam.CaseId, Score(exam.Abnormal), Score(exam.Acl), Score(exam.Meniscus)))];
    }

    public static string CaseId(int index) => (1250 + index).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public static double[] Scores(IReadOnlyList<ExamPrediction> predictions, MrnetTask task) =>
        [.. predictions.Select(prediction => task switch
        {
            MrnetTask.Abnormal => prediction.Abnormal,
            MrnetTask.Acl => prediction.Acl,
            _ => prediction.Meniscus,
        })];

    public static bool[] Column(TestSetLabels labels, MrnetTask task) => [.. labels.Exams.Select(exam => exam.Get(task))];
}
