using Leaderboard.Domain.TestSets;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// The random make-up of one synthetic exam, drawn once per case so that its three planes show
/// the same knee: size, position, tissue intensities and the strength (0 to 1) of the three
/// findings that carry the labels.
/// </summary>
internal sealed record SyntheticKnee(
    float Scale,
    float ShiftX,
    float JointY,
    float Gain,
    float Bone,
    float Muscle,
    float Fat,
    float Fluid,
    float Cartilage,
    float Effusion,
    float AclTear,
    float MeniscusTear)
{
    // A positive exam shows its finding with this probability; otherwise it looks normal.
    // A negative exam shows a weaker look-alike with MimicProbability. Together they keep the
    // best achievable AUC near 0.9 instead of 1.0, as with real readers' labels.
    private const double VisibleProbability = 0.9;
    private const double MimicProbability = 0.08;

    public static SyntheticKnee Draw(ExamLabels labels, ref Xoshiro256StarStar random)
    {
        return new SyntheticKnee(
            Scale: (float)random.NextDouble(0.92, 1.08),
            ShiftX: (float)random.NextDouble(-8, 8),
            JointY: 128f + (float)random.NextDouble(-10, 10),
            Gain: (float)random.NextDouble(0.92, 1.08),
            Bone: (float)random.NextDouble(36, 48),
            Muscle: (float)random.NextDouble(45, 60),
            Fat: (float)random.NextDouble(90, 110),
            Fluid: (float)random.NextDouble(255, 285),
            Cartilage: (float)random.NextDouble(200, 235),
            Effusion: DrawFinding(labels.Abnormal, ref random),
            AclTear: DrawFinding(labels.Acl, ref random),
            MeniscusTear: DrawFinding(labels.Meniscus, ref random));
    }

    private static float DrawFinding(bool positive, ref Xoshiro256StarStar random)
    {
        bool visible = random.NextBool(positive ? VisibleProbability : MimicProbability);
        double strength = !visible ? random.NextDouble(0.0, 0.15)
            : positive ? random.NextDouble(0.5, 1.0)
            : random.NextDouble(0.25, 0.55);
        return (float)strength;
    }
}
