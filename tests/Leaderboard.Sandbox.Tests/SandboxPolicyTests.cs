using System.Text.Json;
using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Sandbox.Tests;

public sealed class SandboxPolicyTests
{
    [Fact]
    public void Default_IsValid()
    {
        Assert.Empty(SandboxPolicy.Default.Validate());
        Assert.Empty(ArchiveLimits.Default.Validate());
    }

    [Fact]
    public void Default_IsSafe()
    {
        var policy = SandboxPolicy.Default;

        Assert.Equal("65534:65534", policy.User);
        Assert.Equal(0, policy.GpuCount);
        Assert.Equal(2048, policy.CompetitorLogTailBytes);
        Assert.Equal(10L * 1024 * 1024 * 1024, ArchiveLimits.Default.MaxCompressedBytes);
    }

    public static TheoryData<SandboxPolicy, string> InvalidPolicies => new()
    {
        { SandboxPolicy.Default with { User = "0:0" }, "User" },
        { SandboxPolicy.Default with { User = "1000:0" }, "User" },
        { SandboxPolicy.Default with { User = "root" }, "User" },
        { SandboxPolicy.Default with { TimeLimit = TimeSpan.Zero }, "TimeLimit" },
        { SandboxPolicy.Default with { KillGracePeriod = TimeSpan.FromSeconds(-1) }, "KillGracePeriod" },
        { SandboxPolicy.Default with { MemoryBytes = 1024 }, "MemoryBytes" },
        { SandboxPolicy.Default with { Cpus = 0 }, "Cpus" },
        { SandboxPolicy.Default with { Cpus = double.NaN }, "Cpus" },
        { SandboxPolicy.Default with { PidsLimit = 0 }, "PidsLimit" },
        { SandboxPolicy.Default with { OpenFilesLimit = 1 }, "OpenFilesLimit" },
        { SandboxPolicy.Default with { TmpSizeBytes = 0 }, "TmpSizeBytes" },
        { SandboxPolicy.Default with { ShmSizeBytes = 0 }, "ShmSizeBytes" },
        { SandboxPolicy.Default with { GpuCount = -1 }, "GpuCount" },
        { SandboxPolicy.Default with { CompetitorLogTailBytes = 1024 * 1024 }, "CompetitorLogTailBytes" },
        { SandboxPolicy.Default with { MaxOutputDirectoryBytes = 10 }, "MaxOutputDirectoryBytes" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void InvalidValue_IsNamed(SandboxPolicy policy, string property)
    {
        var errors = policy.Validate();

        var error = Assert.Single(errors);
        Assert.Contains(property, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchiveLimits_InvalidRatio_IsNamed()
    {
        var errors = (ArchiveLimits.Default with { MaxCompressionRatio = 0.5 }).Validate();

        Assert.Contains("MaxCompressionRatio", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryValue()
    {
        var policy = SandboxPolicy.Default with { TimeLimit = TimeSpan.FromMinutes(5), GpuCount = 1, MemoryBytes = 1L << 30, CompetitorLogTailBytes = 0 };

        var copy = JsonSerializer.Deserialize<SandboxPolicy>(JsonSerializer.Serialize(policy));

        Assert.Equal(policy, copy);
    }

    [Fact]
    public void Json_MissingProperty_TakesDefault()
    {
        var copy = JsonSerializer.Deserialize<SandboxPolicy>("""{"TimeLimit":"00:05:00"}""")!;

        Assert.Equal(TimeSpan.FromMinutes(5), copy.TimeLimit);
        Assert.Equal(SandboxPolicy.Default.User, copy.User);
        Assert.Equal(SandboxPolicy.Default.PidsLimit, copy.PidsLimit);
    }
}
