using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

/// <summary>
/// Deterministic synthetic exams, generated identically by tools/exam_generator.py, which
/// computed the expected AUCs of the generated cases. Exam i uses outputs 2i (a) and 2i+1 (b)
/// of SplitMix64 started at the seed:
/// score = (b &gt;&gt; (64 − scoreBits)) / 2^scoreBits and
/// label = (a &gt;&gt; 11) · 2^−53 &lt; positiveRate · (0.5 + score).
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
