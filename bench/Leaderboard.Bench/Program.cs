using System.Diagnostics;
using System.Globalization;
using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

// Times the scorer's two hot paths with a Stopwatch and prints one line per case:
// "<case> median_ms=<m> runs=<r> result=<value>". bench/sklearn_scoring_bench.py times
// scikit-learn on the same generated data, and bench/run-scoring-bench.sh runs both.
// The data come from the generator in tests/Leaderboard.Domain.Tests/tools/exam_generator.py,
// written again in ExamGenerator below.

const int WarmupRuns = 3;
const int MeasuredRuns = 21;

var (millionLabels, millionScores) = ExamGenerator.Generate(1, 1_000_000, 20, 0.3);
var auc = 0.0;
Report("auc_1e6", Measure(() => auc = RocAuc.Compute(millionScores, millionLabels)), auc);

var (labels, predictions) = BootstrapInputs();
var bootstrapSeed = BootstrapSeed.FromTestSetVersion("bench");
var interval = (Low: 0.0, High: 0.0);
Report(
    "bootstrap_2000x3_120",
    Measure(() => interval = PairedBootstrap.PercentileInterval(PairedBootstrap.MeanAucResamples(labels, predictions, bootstrapSeed))),
    interval.High - interval.Low);

static double[] Measure(Action run)
{
    for (var i = 0; i < WarmupRuns; i++)
    {
        run();
    }

    var times = new double[MeasuredRuns];
    for (var i = 0; i < MeasuredRuns; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        run();
        times[i] = stopwatch.Elapsed.TotalMilliseconds;
    }

    return times;
}

static void Report(string name, double[] times, double result)
{
    Array.Sort(times);
    var median = times[times.Length / 2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} median_ms={median:F3} runs={times.Length} result={result:R}"));
}

// 120 exams, case ids 1250-1369. Task t's labels and scores are ExamGenerator with seed
// t + 1, 8 score bits and positive rate 0.8, as in the Python script. Each task then has
// 91 positive exams of 120.
static (TestSetLabels Labels, List<ExamPrediction> Predictions) BootstrapInputs()
{
    const int ExamCount = 120;
    var tasks = Enumerable.Range(0, 3).Select(t => ExamGenerator.Generate((ulong)t + 1, ExamCount, 8, 0.8)).ToArray();
    var caseIds = Enumerable.Range(1250, ExamCount).Select(id => id.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
    var exams = caseIds.Select((id, i) => new ExamLabels(id, tasks[0].Labels[i], tasks[1].Labels[i], tasks[2].Labels[i]));
    var labels = TestSetLabels.FromExams(exams).Labels ?? throw new InvalidOperationException("The generated labels have a task with one class.");
    var predictions = caseIds.Select((id, i) => new ExamPrediction(id, tasks[0].Scores[i], tasks[1].Scores[i], tasks[2].Scores[i])).ToList();
    return (labels, predictions);
}

/// <summary>
/// Exam i uses SplitMix64 outputs 2i (a) and 2i+1 (b): score = (b >> (64 − scoreBits)) / 2^scoreBits,
/// label = (a >> 11) · 2^−53 &lt; positiveRate · (0.5 + score).
/// </summary>
internal static class ExamGenerator
{
    public static (bool[] Labels, double[] Scores) Generate(ulong seed, int count, int scoreBits, double positiveRate)
    {
        var random = new SplitMix64(seed);
        var labels = new bool[count];
        var scores = new double[count];
        var scoreUnit = 1.0 / (1UL << scoreBits);
        const double UniformUnit = 1.0 / (1UL << 53);
        for (var i = 0; i < count; i++)
        {
            var a = random.Next();
            var b = random.Next();
            scores[i] = (b >> (64 - scoreBits)) * scoreUnit;
            labels[i] = (a >> 11) * UniformUnit < positiveRate * (0.5 + scores[i]);
        }

        return (labels, scores);
    }
}
