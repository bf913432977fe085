using System.Security.Cryptography;
using Leaderboard.Infrastructure.Storage;
using Leaderboard.Integration.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Leaderboard.Integration.Tests.Worker;

/// <summary>The artifact store on a real folder: content addressing, staging limits and eviction.</summary>
public sealed class ArtifactStoreTests : IDisposable
{
    private readonly string _root = TestEnvironment.CreateTempDirectory("artifacts");
    private readonly ArtifactStore _store;

    public ArtifactStoreTests()
    {
        _store = new ArtifactStore(Options.Create(new StorageOptions { RootDirectory = _root }));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Stage_NamesFileBySha256()
    {
        var content = RandomNumberGenerator.GetBytes(5000);

        var staged = await _store.StageAsync(new MemoryStream(content), 10_000, CancellationToken.None);
        _store.Commit(staged);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), staged.Sha256);
        Assert.Equal(content, await File.ReadAllBytesAsync(_store.GetPath(staged.Sha256)));
    }

    [Fact]
    public async Task Stage_OverLimitLeavesNoFile()
    {
        var staged = await _store.StageAsync(new MemoryStream(new byte[2048]), 1024, CancellationToken.None);

        Assert.True(staged.IsTooLarge);
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Evict_RemovesLeastRecentlyUsedFirst()
    {
        var oldest = await StoreAsync(1000, DateTime.UtcNow.AddHours(-3));
        var middle = await StoreAsync(1000, DateTime.UtcNow.AddHours(-2));
        var newest = await StoreAsync(1000, DateTime.UtcNow.AddHours(-1));

        var evicted = _store.EvictLeastRecentlyUsed(2000, new HashSet<string>());

        Assert.Equal([oldest], evicted);
        Assert.False(_store.Exists(oldest));
        Assert.True(_store.Exists(middle));
        Assert.True(_store.Exists(newest));
    }

    [Fact]
    public async Task Evict_KeepsArtifactsStillNeeded()
    {
        var needed = await StoreAsync(1000, DateTime.UtcNow.AddHours(-3));
        var unused = await StoreAsync(1000, DateTime.UtcNow.AddHours(-2));

        var evicted = _store.EvictLeastRecentlyUsed(1000, new HashSet<string> { needed });

        Assert.Equal([unused], evicted);
        Assert.True(_store.Exists(needed));
    }

    [Fact]
    public async Task MarkUsed_MovesArtifactToBackOfQueue()
    {
        var first = await StoreAsync(1000, DateTime.UtcNow.AddHours(-3));
        var second = await StoreAsync(1000, DateTime.UtcNow.AddHours(-2));

        _store.MarkUsed(first);
        var evicted = _store.EvictLeastRecentlyUsed(1000, new HashSet<string>());

        Assert.Equal([second], evicted);
    }

    private async Task<string> StoreAsync(int bytes, DateTime lastUsed)
    {
        var staged = await _store.StageAsync(new MemoryStream(RandomNumberGenerator.GetBytes(bytes)), bytes, CancellationToken.None);
        _store.Commit(staged);
        File.SetLastAccessTimeUtc(_store.GetPath(staged.Sha256), lastUsed);
        return staged.Sha256;
    }
}
