using System.Security.Cryptography;
using System.Text;

namespace Leaderboard.Infrastructure.Storage;

/// <summary>
/// A content hash of a folder tree: SHA-256 over each regular file's relative path (with '/'
/// separators, in ordinal order), its length and its SHA-256. Two copies of a test set hash
/// alike on any host; a changed, added or removed file changes the hash.
/// </summary>
public static class DirectoryHasher
{
    public static async Task<string> ComputeAsync(string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Folder '{root}' does not exist.");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), Full: path))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();

        using var tree = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, full) in files)
        {
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var fileHash = await SHA256.HashDataAsync(stream, cancellationToken);
            tree.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{stream.Length}\n{Convert.ToHexStringLower(fileHash)}\n"));
        }

        return Convert.ToHexStringLower(tree.GetHashAndReset());
    }
}
