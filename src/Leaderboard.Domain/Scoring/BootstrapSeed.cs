using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Leaderboard.Domain.Scoring;

/// <summary>Derives the bootstrap seed from a test-set version, so every rescore of that version draws the same resamples.</summary>
public static class BootstrapSeed
{
    /// <summary>
    /// Returns the first 8 bytes, read big-endian, of the SHA-256 of the UTF-8 encoding of
    /// <paramref name="contentHash"/>. Any string is accepted, and the result depends only on its characters.
    /// </summary>
    public static ulong FromTestSetVersion(string contentHash)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(contentHash));
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>
    /// Computes the lowercase hexadecimal SHA-256 of the files' bytes concatenated in the
    /// order given, which for a test set is the abnormal, ACL and meniscus label files.
    /// </summary>
    public static string ComputeContentHash(IEnumerable<byte[]> fileContents)
    {
        ArgumentNullException.ThrowIfNull(fileContents);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var content in fileContents)
        {
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
