using System.Collections.Concurrent;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Storage;

namespace Leaderboard.Worker.Evaluations;

/// <summary>
/// Checks this host's copy of a test set against the content hash the database records,
/// once per version and process: a copy that differs would score against the wrong exams.
/// </summary>
public sealed class TestSetVerifier
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<string>>> _hashes = new();

    /// <summary>Returns null when the copy matches, else a message for the log and the organizers.</summary>
    public async Task<string?> VerifyAsync(TestSetVersion version, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(version.ExamDirectory))
        {
            _hashes.TryRemove(version.Id, out _);
            return $"Test-set folder '{version.ExamDirectory}' is missing on this worker.";
        }

        var lazy = _hashes.GetOrAdd(version.Id, _ => new Lazy<Task<string>>(() => DirectoryHasher.ComputeAsync(version.ExamDirectory, CancellationToken.None)));
        string actual;
        try
        {
            actual = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (IOException)
        {
            _hashes.TryRemove(version.Id, out _);
            throw;
        }

        if (actual == version.ContentHash)
        {
            return null;
        }

        // A mismatch is not cached, so a repaired copy is accepted without a restart.
        _hashes.TryRemove(version.Id, out _);
        return $"Test-set folder '{version.ExamDirectory}' has content hash {actual[..12]}…, but version {version.Number} records {version.ContentHash[..12]}…; copy the exact version to this worker.";
    }
}
