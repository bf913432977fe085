using System.Numerics;

namespace Leaderboard.Domain.Scoring;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, 2014), used here to expand one 64-bit
/// seed into the state of <see cref="Xoshiro256StarStar"/>.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E37_79B9_7F4A_7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// The xoshiro256** generator (Blackman and Vigna, 2018), seeded with four outputs of
/// <see cref="SplitMix64"/>. Written out here, rather than <see cref="Random"/>, because
/// .NET does not promise that a seeded <see cref="Random"/> returns the same sequence
/// in every version, and a stored bootstrap interval must be reproducible for years.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        // SplitMix64 never returns four zero words in a row, so the state is never all zero.
        var seeder = new SplitMix64(seed);
        _s0 = seeder.Next();
        _s1 = seeder.Next();
        _s2 = seeder.Next();
        _s3 = seeder.Next();
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;

        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);

        return result;
    }

    /// <summary>
    /// Returns a uniform integer in [0, <paramref name="bound"/>) by Lemire's
    /// multiply-and-reject method (ACM TOMACS, 2019), which is unbiased and consumes one
    /// output except in the rare rejected case.
    /// </summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);

        var range = (ulong)bound;
        var high = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            // Outputs whose low product word falls below 2^64 mod range would make the
            // small results slightly more likely, so they are drawn again.
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)high;
    }
}
