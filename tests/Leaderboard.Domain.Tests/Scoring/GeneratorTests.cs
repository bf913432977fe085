using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

// Expected values from tools/reference_values.py, which writes out SplitMix64, xoshiro256**
// and Lemire's bounded draw from their published definitions in Python integers.
public class GeneratorTests
{
    [Fact]
    public void SplitMix64_Seed1234567_MatchesReference()
    {
        var random = new SplitMix64(1234567);
        ulong[] expected = [0x599ED017FB08FC85UL, 0x2C73F08458540FA5UL, 0x883EBCE5A3F27C77UL, 0x3FBEF740E9177B3FUL, 0xE3B8346708CB5ECDUL];

        var actual = expected.Select(_ => random.Next()).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SplitMix64_Seed0_MatchesPublishedFirstOutput()
    {
        var random = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
    }

    [Fact]
    public void Xoshiro256StarStar_Seed42_MatchesReference()
    {
        var random = new Xoshiro256StarStar(42);
        ulong[] expected = [0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL, 0xECB8AD4703B360A1UL, 0xFDE6DC7FE2EC5E64UL];

        var actual = expected.Select(_ => random.NextUInt64()).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextInt_Bound120_MatchesReference()
    {
        var random = new Xoshiro256StarStar(42);
        int[] expected = [10, 45, 81, 110, 119, 92, 86, 102, 91, 70];

        var actual = expected.Select(_ => random.NextInt(120)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextInt_Bound3_MatchesReference()
    {
        var random = new Xoshiro256StarStar(7);
        int[] expected = [2, 0, 2, 2, 2, 2, 0, 0, 1, 0];

        var actual = expected.Select(_ => random.NextInt(3)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextInt_ManyDraws_AreUniform()
    {
        var random = new Xoshiro256StarStar(1);
        var counts = new int[7];

        for (var i = 0; i < 70_000; i++)
        {
            counts[random.NextInt(7)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void NextInt_ZeroBound_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256StarStar(1).NextInt(0));
    }
}
