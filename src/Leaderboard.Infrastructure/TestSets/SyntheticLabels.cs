using Leaderboard.Domain.TestSets;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// Assigns the labels of a synthetic split. The counts are fixed fractions of the split's exam
/// count: 80% abnormal, 45% ACL tear and 45% meniscal tear, close to the public valid split
/// (95, 54 and 52 of 120). The full 120-exam test split thus has 96, 54 and 54 positives.
/// As in MRNet, every exam with a tear is abnormal. Each column keeps at least one positive
/// and one negative exam. A split's labels depend on the seed and on its exam count.
/// </summary>
public static class SyntheticLabels
{
    public const double AbnormalFraction = 0.80;

    public const double AclFraction = 0.45;

    public const double MeniscusFraction = 0.45;

    // Keeps the label streams apart from the per-exam streams, which use the case number as key.
    private const ulong LabelStreamKey = 0x4C4142454C530000UL;

    /// <summary>The labels of the first <paramref name="examCount"/> exams of <paramref name="split"/>, in case order.</summary>
    public static IReadOnlyList<ExamLabels> Create(ulong seed, MrnetSplit split, int examCount)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(examCount, SyntheticTestSetOptions.MinExams);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(examCount, split.MaxExams);

        var random = new Xoshiro256StarStar(Xoshiro256StarStar.DeriveSeed(seed, LabelStreamKey + (ulong)split.FirstCase));
        int abnormalCount = Math.Clamp((int)Math.Round(AbnormalFraction * examCount), 1, examCount - 1);
        int aclCount = Math.Clamp((int)Math.Round(AclFraction * examCount), 1, abnormalCount);
        int meniscusCount = Math.Clamp((int)Math.Round(MeniscusFraction * examCount), 1, abnormalCount);

        int[] abnormal = Shuffle(Enumerable.Range(0, examCount).ToArray(), ref random)[..abnormalCount];
        var acl = Shuffle((int[])abnormal.Clone(), ref random)[..aclCount].ToHashSet();
        var meniscus = Shuffle((int[])abnormal.Clone(), ref random)[..meniscusCount].ToHashSet();
        var abnormalSet = abnormal.ToHashSet();

        return Enumerable.Range(0, examCount)
            .Select(i => new ExamLabels(split.CaseId(i), abnormalSet.Contains(i), acl.Contains(i), meniscus.Contains(i)))
            .ToList();
    }

    /// <summary>Fisher–Yates shuffle in place; returns the same array.</summary>
    private static int[] Shuffle(int[] items, ref Xoshiro256StarStar random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
