using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

public class RocAucProperties
{
    /// <summary>
    /// Each generated integer is one exam: its lowest bit is the label and the rest picks
    /// one of seven scores, so ties within and across classes are common.
    /// </summary>
    [Property(MaxTest = 1000)]
    public Property Compute_SmallInputs_EqualsPairCount(int[] exams)
    {
        var labels = exams.Select(exam => (exam & 1) == 1).ToArray();
        var scores = exams.Select(exam => ((exam >> 1) % 7) * 0.125).ToArray();
        var bothClasses = labels.Contains(true) && labels.Contains(false);

        return Prop.When(bothClasses, () => RocAuc.Compute(scores, labels) == BruteForce.Auc(scores, labels));
    }

    /// <summary>
    /// Inputs of 512 to 3,000 exams, which take the radix sort, with a random number of
    /// distinct score levels (2 to about a million), negative scores and signed zeros.
    /// </summary>
    [Property(MaxTest = 60)]
    public bool Compute_LargeInputs_EqualsPairCount(ulong seed, PositiveInt size, PositiveInt levels)
    {
        var random = new Xoshiro256StarStar(seed);
        var count = 512 + (size.Get % 2_500);
        var levelCount = 2 + (levels.Get % 1_000_000);
        var labels = new bool[count];
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.NextInt(2) == 1;
            var level = random.NextInt(levelCount) - (levelCount / 2);
            scores[i] = level == 0 && random.NextInt(2) == 1 ? -0.0 : level / 1024.0;
        }

        labels[0] = true;
        labels[1] = false;

        return RocAuc.Compute(scores, labels) == BruteForce.Auc(scores, labels);
    }
}
