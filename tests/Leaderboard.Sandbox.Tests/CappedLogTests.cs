using System.Text;
using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Sandbox.Tests;

public sealed class CappedLogTests
{
    [Fact]
    public void ShortLog_IsKeptWhole()
    {
        var log = new CappedLog(headBytes: 8, tailBytes: 8);
        log.Append("hello"u8);
        log.Append(" world"u8);

        Assert.Equal("hello world", log.ToString());
        Assert.Equal(0, log.DroppedBytes);
        Assert.Equal(11, log.TotalBytes);
    }

    [Fact]
    public void LongLog_KeepsHeadTailAndDroppedCount()
    {
        var log = new CappedLog(headBytes: 4, tailBytes: 6);
        log.Append("HEAD"u8);
        for (var i = 0; i < 1000; i++)
        {
            log.Append("middle"u8);
        }

        log.Append("the-end"u8);

        var text = log.ToString();
        Assert.StartsWith("HEAD", text, StringComparison.Ordinal);
        Assert.EndsWith("he-end", text, StringComparison.Ordinal);
        Assert.Equal(4 + 6000 + 7 - 4 - 6, log.DroppedBytes);
        Assert.Contains($"[... {log.DroppedBytes} bytes of output dropped", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkLongerThanTail_KeepsItsEnd()
    {
        var log = new CappedLog(headBytes: 0, tailBytes: 5);
        log.Append("0123456789abcdef"u8);

        Assert.EndsWith("bcdef", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(11, log.DroppedBytes);
    }

    [Fact]
    public void Tail_CutsAtCharacterBoundary()
    {
        // "é" is two bytes in UTF-8; a cut inside it must skip the continuation byte.
        var tail = CappedLog.Tail("aéé", 3);

        Assert.Equal("é", tail);
        Assert.True(Encoding.UTF8.GetByteCount(tail) <= 3);
    }

    [Fact]
    public void Tail_ZeroBytes_IsEmpty()
    {
        Assert.Equal("", CappedLog.Tail("secret test data", 0));
    }

    [Fact]
    public void CompetitorTail_HiddenPhase_IsEmpty()
    {
        var outcome = new SandboxOutcome(null, null, [], 0, new string('x', 5000), TimeSpan.Zero);

        Assert.Equal("", outcome.CompetitorLogTail(SandboxPolicy.Default with { CompetitorLogTailBytes = 0 }));
        Assert.Equal(2048, outcome.CompetitorLogTail(SandboxPolicy.Default).Length);
    }
}
