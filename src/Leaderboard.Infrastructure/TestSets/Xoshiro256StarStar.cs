namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// The xoshiro256** generator of Blackman and Vigna (2018), seeded through SplitMix64 as they
/// recommend. The synthetic data set uses it instead of <see cref="Random"/> because its output
/// sequence is fixed by the published algorithm, so a seed gives the same exams on every .NET
/// version and machine.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose state is four SplitMix64 outputs of <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Derives an independent seed from a parent seed and a stream key, for example a case number and a plane.</summary>
    public static ulong DeriveSeed(ulong seed, ulong key)
    {
        ulong state = seed ^ (key * 0xD1B54A32D192ED03UL);
        _ = SplitMix64(ref state);
        return SplitMix64(ref state);
    }

    /// <summary>Advances the SplitMix64 state and returns its next output.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;

        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);

        return result;
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits of the next output.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>), by Lemire's multiply-shift with rejection.</summary>
    public int NextInt(int min, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(min, maxExclusive);
        ulong range = (ulong)((long)maxExclusive - min);
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            if ((ulong)product >= threshold)
            {
                return (int)((long)min + (long)(ulong)(product >> 64));
            }
        }
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool NextBool(double probability) => NextDouble() < probability;

    /// <summary>
    /// An approximately standard normal value: the centred sum of four 16-bit uniforms
    /// (Irwin–Hall), scaled to unit variance. One generator output per value keeps the per-voxel
    /// noise cheap; the tails stop at about ±3.46, which image noise does not need.
    /// </summary>
    public float NextNoise()
    {
        ulong bits = NextUInt64();
        uint sum = (uint)(bits & 0xFFFF) + (uint)((bits >> 16) & 0xFFFF) + (uint)((bits >> 32) & 0xFFFF) + (uint)(bits >> 48);

        // Four uniforms on [0, 1) have mean 2 and variance 4/12, so (sum - 2) * sqrt(3) has variance 1.
        const float Scale = 1.7320508f / 65536f;
        return (sum - (2f * 65536f)) * Scale;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
