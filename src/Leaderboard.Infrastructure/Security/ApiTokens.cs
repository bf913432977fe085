using System.Security.Cryptography;
using System.Text;

namespace Leaderboard.Infrastructure.Security;

/// <summary>Creates bearer tokens and the hashes stored in their place.</summary>
public static class ApiTokens
{
    private const string Prefix = "mrnet_";

    /// <summary>A new token: the prefix and 256 random bits in base64url.</summary>
    public static string Generate()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        return Prefix + Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The part of a token that is safe to show and to log.</summary>
    public static string DisplayPrefix(string token) => token.Length <= Prefix.Length + 4 ? Prefix : token[..(Prefix.Length + 4)];
}
