using System.Text;
using Leaderboard.Domain.Scoring;

namespace Leaderboard.Domain.Tests.Scoring;

public class BootstrapSeedTests
{
    // Expected seeds from hashlib.sha256 in tools/reference_values.py.
    [Theory]
    [InlineData("valid-labels-v1", 0x543580C9ABF9B1EDUL)]
    [InlineData("", 0xE3B0C44298FC1C14UL)]
    public void FromTestSetVersion_MatchesSha256Prefix(string version, ulong expected)
    {
        Assert.Equal(expected, BootstrapSeed.FromTestSetVersion(version));
    }

    [Fact]
    public void ComputeContentHash_ConcatenatesFiles()
    {
        var hash = BootstrapSeed.ComputeContentHash([Encoding.ASCII.GetBytes("ab"), Encoding.ASCII.GetBytes("c")]);

        // SHA-256 of "abc", the first test vector of FIPS 180-2.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }
}
