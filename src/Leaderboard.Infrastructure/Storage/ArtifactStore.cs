using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Leaderboard.Infrastructure.Storage;

/// <summary>
/// Content-addressed store of uploaded files, named by their SHA-256. An upload is first
/// streamed to a staging file while it is hashed, then moved into place, so a reader never
/// sees half a file and a rejected upload leaves nothing behind.
/// </summary>
public sealed class ArtifactStore
{
    /// <summary>The first bytes of an upload kept for format checks: one tar header block.</summary>
    public const int HeaderBytes = 512;

    private const int CopyBufferBytes = 1024 * 1024;

    private readonly string _artifactRoot;
    private readonly string _stagingRoot;

    public ArtifactStore(IOptions<StorageOptions> options)
    {
        _artifactRoot = Path.Combine(Path.GetFullPath(options.Value.RootDirectory), "artifacts", "sha256");
        _stagingRoot = Path.Combine(Path.GetFullPath(options.Value.RootDirectory), "artifacts", "staging");
        Directory.CreateDirectory(_artifactRoot);
        Directory.CreateDirectory(_stagingRoot);
    }

    /// <summary>
    /// Streams <paramref name="source"/> to a staging file, hashing as it goes. Reading stops
    /// as soon as more than <paramref name="maxBytes"/> arrive; the staging file is then deleted.
    /// </summary>
    public async Task<StagedArtifact> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var stagingPath = Path.Combine(_stagingRoot, Guid.NewGuid().ToString("N"));
        try
        {
            return await CopyAndHashAsync(source, stagingPath, maxBytes, cancellationToken);
        }
        catch
        {
            File.Delete(stagingPath);
            throw;
        }
    }

    private static async Task<StagedArtifact> CopyAndHashAsync(Stream source, string stagingPath, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[CopyBufferBytes];
        var header = new byte[HeaderBytes];
        var headerLength = 0;
        long total = 0;

        await using (var target = new FileStream(stagingPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    await target.DisposeAsync();
                    File.Delete(stagingPath);
                    return StagedArtifact.TooLarge(total);
                }

                if (headerLength < HeaderBytes)
                {
                    var take = Math.Min(read, HeaderBytes - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return new StagedArtifact(stagingPath, sha256, total, header[..headerLength]);
    }

    /// <summary>
    /// Moves a staged file to its content address. Returns true when the store did not contain
    /// that content before, so a caller whose transaction fails can tell whether to remove it.
    /// </summary>
    public bool Commit(StagedArtifact staged)
    {
        var path = GetPath(staged.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            File.Delete(staged.StagingPath!);
            return false;
        }

        File.Move(staged.StagingPath!, path);
        return true;
    }

    public static void Discard(StagedArtifact staged)
    {
        if (staged.StagingPath is not null)
        {
            File.Delete(staged.StagingPath);
        }
    }

    /// <summary>Removes stored content; used when the transaction that referenced it failed.</summary>
    public void Remove(string sha256) => File.Delete(GetPath(sha256));

    public string GetPath(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in hex.", nameof(sha256));
        }

        return Path.Combine(_artifactRoot, sha256[..2], sha256);
    }

    public bool Exists(string sha256) => File.Exists(GetPath(sha256));

    /// <summary>
    /// Marks an artifact as used now. The store orders eviction by the file's last access time,
    /// set here explicitly because file systems mounted noatime or relatime do not keep it.
    /// </summary>
    public void MarkUsed(string sha256)
    {
        var path = GetPath(sha256);
        if (File.Exists(path))
        {
            File.SetLastAccessTimeUtc(path, DateTime.UtcNow);
        }
    }

    /// <summary>
    /// Deletes the least recently used artifacts until the store contains at most
    /// <paramref name="maxBytes"/>, never one named in <paramref name="keep"/>. Returns the
    /// hashes it deleted. The store can stay above the cap when the kept artifacts alone exceed it.
    /// </summary>
    public IReadOnlyList<string> EvictLeastRecentlyUsed(long maxBytes, IReadOnlySet<string> keep)
    {
        // Sizes and times are read once: another worker may delete a file meanwhile, and
        // deleting a missing file is a no-op.
        var files = new DirectoryInfo(_artifactRoot).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (f.Name, f.FullName, f.Length, f.LastAccessTimeUtc))
            .OrderBy(f => f.LastAccessTimeUtc)
            .ToList();
        var total = files.Sum(f => f.Length);
        var evicted = new List<string>();
        foreach (var file in files)
        {
            if (total <= maxBytes)
            {
                break;
            }

            if (keep.Contains(file.Name))
            {
                continue;
            }

            File.Delete(file.FullName);
            total -= file.Length;
            evicted.Add(file.Name);
        }

        return evicted;
    }
}

/// <summary>An upload in the staging area, or a note that it was too large and is gone.</summary>
public sealed record StagedArtifact(string? StagingPath, string Sha256, long Bytes, byte[] Header)
{
    public bool IsTooLarge => StagingPath is null;

    public static StagedArtifact TooLarge(long bytesRead) => new(null, "", bytesRead, []);
}
