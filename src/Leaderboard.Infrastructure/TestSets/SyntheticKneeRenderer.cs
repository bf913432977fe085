using System.Buffers;
using System.Numerics;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// Paints the slices of one plane of a <see cref="SyntheticKnee"/>. The anatomy is a cartoon of
/// a knee scan: fat and muscle around dark-grey femur and tibia with bright cartilage rims, a
/// thin bright joint space, dark tendons and ligaments. Each label has one finding in one plane:
/// <list type="bullet">
/// <item>abnormal: a bright suprapatellar effusion in the central sagittal slices,</item>
/// <item>ACL tear: bright oedema interrupting the dark ligament band in the notch, central coronal slices,</item>
/// <item>meniscal tear: a bright cleft across the posterior horn of the medial meniscus, axial slices at the joint line.</item>
/// </list>
/// Coordinates are pixels; "u" is the slice position across the volume, from -1 to 1.
/// </summary>
internal static class SyntheticKneeRenderer
{
    private const float Background = 7f;
    private const float Tendon = 14f;
    private const float Cortex = 10f;

    // The fraction of each volume's voxels that ends at 255.
    private const double SaturatedFraction = 0.015;

    // Noise standard deviation = NoiseFloor + NoiseSlope x intensity, in grey levels.
    private const float NoiseFloor = 4f;
    private const float NoiseSlope = 0.07f;

    public static void RenderVolume(
        SyntheticKnee knee, string plane, int slices, ref Xoshiro256StarStar random, Span<byte> destination)
    {
        const int SliceVoxels = SliceCanvas.Size * SliceCanvas.Size;
        if (destination.Length != slices * SliceVoxels)
        {
            throw new ArgumentException($"The destination has room for {destination.Length} voxels, but {slices} slices need {slices * SliceVoxels}.", nameof(destination));
        }

        float[] intensities = ArrayPool<float>.Shared.Rent(destination.Length);
        try
        {
            PaintVolume(knee, plane, slices, ref random, intensities.AsSpan(0, destination.Length));
            Quantize(intensities.AsSpan(0, destination.Length), destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(intensities);
        }
    }

    private static void PaintVolume(SyntheticKnee knee, string plane, int slices, ref Xoshiro256StarStar random, Span<float> destination)
    {
        const int SliceVoxels = SliceCanvas.Size * SliceCanvas.Size;
        var canvas = new SliceCanvas();
        float[] columns = new float[SliceCanvas.Size];
        Span<float> rows = stackalloc float[SliceCanvas.Size];
        FillTexture(columns, ref random);
        FillTexture(rows, ref random);

        // Each slice's noise mixes two windows of one table of standard normal values at random
        // offsets (0.8² + 0.6² = 1, so the mix is standard normal too). Drawing the table once
        // per volume instead of one value per voxel makes the noise far cheaper.
        float[] table = new float[2 * SliceVoxels];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = random.NextNoise();
        }

        float[] noise = new float[SliceVoxels];

        // The volume's centre is off the middle slice by up to a tenth of its extent, as a
        // technologist's placement would be.
        float centre = (float)random.NextDouble(-0.1, 0.1);
        for (int k = 0; k < slices; k++)
        {
            float u = (-1f + ((2f * k + 1f) / slices)) - centre;
            canvas.Clear(Background);
            switch (plane)
            {
                case "sagittal":
                    PaintSagittal(canvas, knee, u);
                    break;
                case "coronal":
                    PaintCoronal(canvas, knee, u);
                    break;
                case "axial":
                    PaintAxial(canvas, knee, u);
                    break;
                default:
                    throw new ArgumentException($"Unknown MRNet plane '{plane}'; expected sagittal, coronal or axial.", nameof(plane));
            }

            canvas.Blur();
            MixNoise(table, random.NextInt(0, SliceVoxels), random.NextInt(0, SliceVoxels), noise);
            float sliceGain = knee.Gain * (float)random.NextDouble(0.97, 1.03);
            canvas.Render(destination.Slice(k * SliceVoxels, SliceVoxels), sliceGain, columns, rows, noise, NoiseFloor, NoiseSlope);
        }
    }

    private static void MixNoise(float[] table, int first, int second, float[] noise)
    {
        int width = Vector<float>.Count;
        var a = new Vector<float>(0.8f);
        var b = new Vector<float>(0.6f);
        for (int i = 0; i < noise.Length; i += width)
        {
            ((new Vector<float>(table, first + i) * a) + (new Vector<float>(table, second + i) * b)).CopyTo(noise, i);
        }
    }

    /// <summary>
    /// Scales the volume so that its top <see cref="SaturatedFraction"/> of voxels reaches 255,
    /// then rounds and clamps to uint8. Measured real MRNet volumes have their top percentile
    /// at 255, and this scaling reproduces that whatever the volume's random gain.
    /// </summary>
    private static void Quantize(Span<float> intensities, Span<byte> destination)
    {
        // A histogram with half-grey-level bins over [0, 512) finds the quantile in one pass.
        // Every seventh voxel is enough to place it within a bin or two.
        const int Bins = 1024;
        const float BinsPerLevel = 2f;
        const int Stride = 7;
        Span<int> histogram = stackalloc int[Bins];
        histogram.Clear();
        for (int i = 0; i < intensities.Length; i += Stride)
        {
            histogram[Math.Clamp((int)(intensities[i] * BinsPerLevel), 0, Bins - 1)]++;
        }

        long target = (long)(((intensities.Length + Stride - 1) / Stride) * SaturatedFraction);
        long above = 0;
        int bin = Bins - 1;
        while (bin > 0 && above + histogram[bin] <= target)
        {
            above += histogram[bin];
            bin--;
        }

        float scale = 255f / MathF.Max(bin / BinsPerLevel, 64f);
        ToBytes(intensities, scale, destination);
    }

    /// <summary>Rounds value x scale half up and clamps it to [0, 255], four float vectors to one byte vector at a time.</summary>
    private static void ToBytes(Span<float> intensities, float scale, Span<byte> destination)
    {
        int width = Vector<float>.Count;
        var factor = new Vector<float>(scale);
        var half = new Vector<float>(0.5f);
        var max = new Vector<float>(255f);
        for (int i = 0; i < intensities.Length; i += 4 * width)
        {
            var a = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max((new Vector<float>(intensities.Slice(i, width)) * factor) + half, Vector<float>.Zero), max)));
            var b = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max((new Vector<float>(intensities.Slice(i + width, width)) * factor) + half, Vector<float>.Zero), max)));
            var c = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max((new Vector<float>(intensities.Slice(i + (2 * width), width)) * factor) + half, Vector<float>.Zero), max)));
            var d = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max((new Vector<float>(intensities.Slice(i + (3 * width), width)) * factor) + half, Vector<float>.Zero), max)));
            Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)).CopyTo(destination.Slice(i, 4 * width));
        }
    }

    /// <summary>A smooth multiplicative texture of two sine waves around 1, standing in for coil shading and muscle striation.</summary>
    private static void FillTexture(Span<float> factors, ref Xoshiro256StarStar random)
    {
        double slow = random.NextDouble(0.01, 0.03);
        double fast = random.NextDouble(0.15, 0.35);
        double slowPhase = random.NextDouble(0, 2 * Math.PI);
        double fastPhase = random.NextDouble(0, 2 * Math.PI);
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = (float)(1.0 + (0.08 * Sine((slow * i) + slowPhase)) + (0.04 * Sine((fast * i) + fastPhase)));
        }
    }

    /// <summary>
    /// Sine by its Taylor series to the x^15 term after reducing x to [-π, π] (error below 1e-6).
    /// It uses only IEEE addition, multiplication and division, whose results are the same on
    /// every platform, so a seed gives the same bytes everywhere; <see cref="Math.Sin"/> makes no
    /// such promise.
    /// </summary>
    private static double Sine(double x)
    {
        x -= 2 * Math.PI * Math.Round(x / (2 * Math.PI));
        double square = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n <= 7; n++)
        {
            term *= -square / ((2 * n) * ((2 * n) + 1));
            sum += term;
        }

        return sum;
    }

    /// <summary>Slices from side to side: patella in front (left), femur above and tibia below the joint line.</summary>
    private static void PaintSagittal(SliceCanvas canvas, SyntheticKnee knee, float u)
    {
        float s = knee.Scale;
        float cx = 128f + knee.ShiftX;
        float j = knee.JointY;
        float width = Taper(u, 0.35f);
        float condyle = Taper(u, 0.9f);
        bool central = MathF.Abs(u) < 0.55f;

        PaintLimb(canvas, knee, cx, 120f * s * width);

        // Suprapatellar pouch between the quadriceps tendon and the femur: a little fluid is
        // normal, a large pouch is the effusion that marks an abnormal exam.
        if (central)
        {
            float e = knee.Effusion;
            canvas.Ellipse(cx - (50f * s), j - 88f, 5f + (24f * e), 8f + (32f * e), knee.Fluid);
        }

        // Femur: condyle with a cartilage rim, then the shaft with a dark cortex over its top.
        canvas.Ellipse(cx + 4f, j - 38f, (62f * s * condyle) + 4f, 42f, knee.Cartilage);
        canvas.Ellipse(cx + 4f, j - 38f, 62f * s * condyle, 38f, knee.Bone);
        canvas.Rectangle(cx - (34f * s), 0f, cx + (30f * s), j - 50f, Cortex);
        canvas.Rectangle(cx - (30f * s), 0f, cx + (26f * s), j - 46f, knee.Bone);

        // Joint space, then tibia with its plateau cartilage and shaft.
        canvas.Ellipse(cx, j + 1f, 54f * s * condyle, 2.5f, knee.Fluid);
        canvas.Ellipse(cx - 2f, j + 40f, (52f * s * condyle) + 4f, 38f, knee.Cartilage);
        canvas.Ellipse(cx - 2f, j + 40f, 52f * s * condyle, 34f, knee.Bone);
        canvas.Rectangle(cx - (32f * s), j + 52f, cx + (28f * s), SliceCanvas.Size, knee.Bone);

        if (central)
        {
            // Patella, patellar tendon and quadriceps tendon in front; popliteal vessels behind.
            canvas.Ellipse(cx - (76f * s), j - 52f, 16f, 30f, knee.Cartilage);
            canvas.Ellipse(cx - (78f * s), j - 52f, 12f, 26f, knee.Bone);
            canvas.Band(cx - (80f * s), j - 26f, cx - (64f * s), j + 50f, 4f, Tendon);
            canvas.Band(cx - (74f * s), j - 80f, cx - (60f * s), j - 150f, 5f, Tendon);
            canvas.Ellipse(cx + (72f * s), j - 40f, 7f, 12f, 20f);
        }
    }

    /// <summary>Slices from front to back: two femoral condyles with the notch between them, tibia below.</summary>
    private static void PaintCoronal(SliceCanvas canvas, SyntheticKnee knee, float u)
    {
        float s = knee.Scale;
        float cx = 128f + knee.ShiftX;
        float j = knee.JointY;
        float bone = Taper(u, 0.9f);

        PaintLimb(canvas, knee, cx, 118f * s * Taper(u, 0.35f));

        // Fluid in the medial and lateral gutters, then the femur: condyles with cartilage rims,
        // metaphysis and shaft.
        canvas.Ellipse(cx - (72f * s * bone), j - 40f, 8f, 26f, knee.Fluid);
        canvas.Ellipse(cx + (72f * s * bone), j - 40f, 8f, 26f, knee.Fluid);
        foreach (float side in (ReadOnlySpan<float>)[-1f, 1f])
        {
            canvas.Ellipse(cx + (side * 34f * s), j - 32f, (34f * s * bone) + 4f, 34f, knee.Cartilage);
            canvas.Ellipse(cx + (side * 34f * s), j - 32f, 34f * s * bone, 30f, knee.Bone);
        }

        canvas.Ellipse(cx, j - 62f, 72f * s * bone, 30f, knee.Bone);
        canvas.Rectangle(cx - (44f * s), 0f, cx + (44f * s), j - 70f, Cortex);
        canvas.Rectangle(cx - (40f * s), 0f, cx + (40f * s), j - 66f, knee.Bone);

        // Joint space, tibia, menisci at the margins and the collateral ligaments.
        canvas.Ellipse(cx, j + 1f, 70f * s * bone, 2.5f, knee.Fluid);
        canvas.Ellipse(cx, j + 42f, (74f * s * bone) + 4f, 40f, knee.Cartilage);
        canvas.Ellipse(cx, j + 42f, 74f * s * bone, 36f, knee.Bone);
        canvas.Rectangle(cx - (40f * s), j + 60f, cx + (40f * s), SliceCanvas.Size, knee.Bone);
        canvas.Ellipse(cx - (62f * s * bone), j + 1f, 14f * bone, 5f, Tendon);
        canvas.Ellipse(cx + (62f * s * bone), j + 1f, 14f * bone, 5f, Tendon);
        canvas.Band(cx - (80f * s), j - 45f, cx - (82f * s), j + 45f, 3f, Tendon);
        canvas.Band(cx + (80f * s), j - 45f, cx + (82f * s), j + 45f, 3f, Tendon);

        if (MathF.Abs(u) < 0.4f)
        {
            // Intercondylar notch with the ACL running obliquely through it; a tear replaces the
            // middle of the dark band with bright oedema.
            canvas.Ellipse(cx, j - 12f, 11f * s, 24f, knee.Fat);
            canvas.Band(cx + (7f * s), j - 34f, cx - (6f * s), j + 6f, 4.5f, Tendon);
            float t = knee.AclTear;
            canvas.Ellipse(cx, j - 14f, 3f + (7f * t), 4f + (12f * t), Lerp(knee.Fat, knee.Fluid, t));
        }
    }

    /// <summary>Slices from top to bottom: patella and femur above the joint line, menisci at it, tibia below.</summary>
    private static void PaintAxial(SliceCanvas canvas, SyntheticKnee knee, float u)
    {
        float s = knee.Scale;
        float cx = 128f + knee.ShiftX;
        float cy = 128f + ((knee.JointY - 128f) * 0.5f);

        PaintLimb(canvas, knee, cx, 132f * s, 122f);

        // The joint line sits at u = 0 and the menisci span |u| < 0.14.
        if (u < -0.14f)
        {
            if (u < -0.3f)
            {
                canvas.Ellipse(cx, cy - 66f, 38f * s, 16f, knee.Cartilage);
                canvas.Ellipse(cx, cy - 68f, 34f * s, 12f, knee.Bone);
            }

            canvas.Ellipse(cx, cy + 4f, (84f * s) + 5f, 65f, knee.Fluid);
            canvas.Ellipse(cx, cy + 4f, 82f * s, 60f, knee.Bone);
            canvas.Ellipse(cx, cy + 44f, 12f * s, 14f, knee.Fat);
        }
        else if (u > 0.14f)
        {
            canvas.Ellipse(cx, cy + 6f, (80f * s) + 6f, 62f, knee.Fluid);
            canvas.Ellipse(cx, cy + 6f, (80f * s) + 3f, 59f, Cortex);
            canvas.Ellipse(cx, cy + 6f, 78f * s, 56f, knee.Bone);
            if (u > 0.3f)
            {
                canvas.Ellipse(cx + (86f * s), cy + 46f, 10f, 10f, knee.Bone);
            }
        }
        else
        {
            PaintMenisci(canvas, knee, cx, cy);
        }

        // Patellar tendon in front of the joint.
        if (u > -0.3f && u < 0.5f)
        {
            canvas.Ellipse(cx, cy - 80f, 18f * s, 4f, Tendon);
        }
    }

    private static void PaintMenisci(SliceCanvas canvas, SyntheticKnee knee, float cx, float cy)
    {
        float s = knee.Scale;
        canvas.Ellipse(cx, cy + 4f, 84f * s, 60f, knee.Cartilage * 0.6f);
        foreach (float side in (ReadOnlySpan<float>)[-1f, 1f])
        {
            float mx = cx + (side * 32f * s);
            canvas.Ellipse(mx, cy + 6f, 34f * s, 36f, Tendon);
            canvas.Ellipse(mx, cy + 6f, 20f * s, 22f, knee.Cartilage * 0.6f);
        }

        // Cruciate ligaments in the middle.
        canvas.Ellipse(cx, cy + 2f, 5f, 6f, Tendon);
        canvas.Ellipse(cx, cy + 20f, 6f, 5f, Tendon);

        // Horizontal cleft through the posterior horn of the medial meniscus.
        float t = knee.MeniscusTear;
        float medial = cx - (32f * s);
        canvas.Band(medial - (22f * s), cy + 35f, medial + (18f * s), cy + 35f, 1.5f + (3f * t), Lerp(Tendon, knee.Fluid, MathF.Min(1f, 1.3f * t)));
    }

    /// <summary>The limb outline: a fat layer around muscle, 150 pixels from the centre to the top unless <paramref name="halfHeight"/> sets another value.</summary>
    private static void PaintLimb(SliceCanvas canvas, SyntheticKnee knee, float cx, float halfWidth, float halfHeight = 150f)
    {
        canvas.Ellipse(cx, 128f, halfWidth, halfHeight, knee.Fat);
        canvas.Ellipse(cx, 128f, halfWidth - 12f, halfHeight - 12f, knee.Muscle);
    }

    /// <summary>A factor that falls from 1 at the central slice towards the edges of the volume.</summary>
    private static float Taper(float u, float strength) => MathF.Sqrt(MathF.Max(0.05f, 1f - (strength * u * u)));

    private static float Lerp(float from, float to, float t) => from + ((to - from) * t);
}
