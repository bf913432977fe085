using Xunit.Abstractions;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Leaderboard.Domain.Submissions;
using Leaderboard.Sandbox.Tests.Support;

namespace Leaderboard.Sandbox.Tests;

/// <summary>
/// Images built to break out or break the worker. Each ends with its expected outcome, the
/// sandbox still runs a well-behaved image afterwards, and nothing is left behind.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class HostileSubmissionTests(ITestOutputHelper output)
{
    private static readonly Infrastructure.Sandbox.SandboxPolicy ShortPolicy = SandboxHarness.TestPolicy with
    {
        TimeLimit = TimeSpan.FromSeconds(3),
        KillGracePeriod = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task SleepPastLimit_IsTimedOut()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("echo sleeping; sleep 60; echo woke", ShortPolicy);

        Assert.Equal(FailureReason.TimedOut, outcome.Failure);
        Assert.Contains("time limit of 3 s", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Contains("stopped on SIGTERM", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Contains("sleeping", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("woke", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task IgnoresSigterm_IsKilled()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("trap '' TERM; echo ignoring; sleep 60; echo woke", ShortPolicy);

        Assert.Equal(FailureReason.TimedOut, outcome.Failure);
        Assert.Contains("killed with SIGKILL", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(137, outcome.ExitCode);
        Assert.DoesNotContain("woke", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task ForkBomb_HitsProcessLimit()
    {
        await using var harness = new SandboxHarness(output);
        var policy = ShortPolicy with { PidsLimit = 32 };

        var outcome = await harness.RunScriptAsync("bomb() { bomb | bomb & }; bomb; sleep 2; wait; exit 1", policy);

        Assert.True(outcome.Failure is FailureReason.ExitedNonzero or FailureReason.TimedOut, $"Unexpected outcome {outcome.Failure}: {outcome.FailureDetail}");
        Assert.Contains("can't fork", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task AllocatesPastMemory_IsOutOfMemory()
    {
        await using var harness = new SandboxHarness(output);
        var policy = SandboxHarness.TestPolicy with { MemoryBytes = 64L * 1024 * 1024 };

        // The shell keeps the whole 200 MB string of the command substitution in memory.
        var outcome = await harness.RunScriptAsync("""x=$(head -c 200000000 /dev/zero | tr '\0' a); echo "kept ${#x} bytes"; echo ok > "$2" """, policy);

        Assert.Equal(FailureReason.OutOfMemory, outcome.Failure);
        Assert.Contains("67108864 bytes", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("kept", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task FillsTmp_HitsTmpfsLimit()
    {
        await using var harness = new SandboxHarness(output);
        var freeBefore = FreeBytes();

        var outcome = await harness.RunScriptAsync("dd if=/dev/zero of=/tmp/fill bs=1M count=10240 2>&1; echo dd-exit=$?; df /tmp; exit 3");

        Assert.Equal(FailureReason.ExitedNonzero, outcome.Failure);
        Assert.Contains("No space left on device", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("dd-exit=0", outcome.Log, StringComparison.Ordinal);
        Assert.True(FreeBytes() > freeBefore - (1L << 30), "The host disk lost more than 1 GiB while the container wrote to /tmp.");
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task SymlinkToPasswd_IsInvalidPredictions()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""ln -s /etc/passwd "$2"; exit 0""");

        Assert.Equal(FailureReason.InvalidPredictions, outcome.Failure);
        Assert.Contains("symbolic link", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Null(outcome.PredictionsCsv);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task LinkToHostFolder_SurvivesCleanup()
    {
        // The work folder is deleted on the host; a link the container left there must be removed, not followed.
        await using var harness = new SandboxHarness(output);
        var canary = Path.Combine(harness.Root, "canary");
        Directory.CreateDirectory(canary);
        File.WriteAllText(Path.Combine(canary, "keep.txt"), "still here");

        var outcome = await harness.RunScriptAsync($"""
            ln -s {canary} /mrnet/output/folder-link
            mkdir /mrnet/output/sub && ln -s / /mrnet/output/sub/root-link
            ln -s {canary}/keep.txt "$2"
            exit 0
            """);

        Assert.Equal(FailureReason.InvalidPredictions, outcome.Failure);
        Assert.True(File.Exists(Path.Combine(canary, "keep.txt")), "Cleaning up the work folder deleted a file outside it.");
        Assert.Equal("still here", File.ReadAllText(Path.Combine(canary, "keep.txt")));
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task HugePredictions_IsInvalidPredictions()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""head -c 52428800 /dev/zero | tr '\0' 1 > "$2"; exit 0""");

        Assert.Equal(FailureReason.InvalidPredictions, outcome.Failure);
        Assert.Contains("52428800 bytes", outcome.FailureDetail, StringComparison.Ordinal);
        Assert.Null(outcome.PredictionsCsv);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task FillsOutputFolder_IsStopped()
    {
        await using var harness = new SandboxHarness(output);
        var policy = SandboxHarness.TestPolicy with { MaxOutputDirectoryBytes = 8L * 1024 * 1024 };

        var outcome = await harness.RunScriptAsync("""dd if=/dev/zero of=/mrnet/output/junk bs=1M count=64 2>/dev/null; sleep 30; echo 1 > "$2" """, policy);

        Assert.Equal(FailureReason.InvalidPredictions, outcome.Failure);
        Assert.Contains("contains more than 8388608 bytes", outcome.FailureDetail, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
        await harness.AssertStillServesAsync();
    }

    [Fact]
    public async Task HugeStdout_IsCapped()
    {
        await using var harness = new SandboxHarness(output);
        var policy = SandboxHarness.TestPolicy with { TimeLimit = TimeSpan.FromSeconds(90) };
        var imageId = await harness.LoadAsync(TestImage.ShellScript("""head -c 104857600 /dev/zero | tr '\0' x; echo; echo THE-END; echo 1 > "$2" """));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        var outcome = await harness.RunAsync(harness.NewRun(imageId, policy), CancellationToken.None);

        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var keptBytes = policy.LogHeadBytes + policy.LogTailBytes;
        Assert.Equal(0, outcome.ExitCode);
        Assert.True(outcome.Log.Length < keptBytes + 1024, $"The stored log has {outcome.Log.Length} characters; the cap is {keptBytes} bytes plus the marker.");
        Assert.Contains("bytes of output dropped", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("THE-END", outcome.Log, StringComparison.Ordinal);
        Assert.StartsWith("xxxxxxxx", outcome.Log, StringComparison.Ordinal);

        // Loose: 100 MiB went through the worker; far less than that may stay behind.
        Assert.True(managedAfter - managedBefore < 32L * 1024 * 1024, $"Managed memory grew by {managedAfter - managedBefore} bytes during the run.");
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Network_OnlyLoopbackInside()
    {
        await using var harness = new SandboxHarness(output);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var outcome = await harness.RunScriptAsync($"""
            echo "interfaces: $(ls /sys/class/net | tr '\n' ' ')"
            nc -w 2 127.0.0.1 {port} </dev/null; echo "nc-exit=$?"
            wget -T 2 -q -O- http://127.0.0.1:{port}/ 2>&1; echo "wget-exit=$?"
            exit 0
            """);

        Assert.Contains("interfaces: lo \n", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("nc-exit=0", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("Connection refused", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("wget-exit=0", outcome.Log, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "The test server on the host's loopback received a connection from the container.");
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task SearchesForLabels_FindsNone()
    {
        await using var harness = new SandboxHarness(output);

        var outcome = await harness.RunScriptAsync("""
            find / -xdev -name '*abnormal*' 2>/dev/null
            find / -name '*.csv' 2>/dev/null | grep -v '^/proc/'
            ls /data/MRNet-v1.0
            cat /data/MRNet-v1.0/test-abnormal.csv 2>&1
            echo search-done
            exit 0
            """);

        Assert.Contains("search-done", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("abnormal.csv\n", outcome.Log.Replace("test-abnormal.csv: No such file", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("acl.csv", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("meniscus.csv", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("/mrnet/input/input.csv", outcome.Log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(harness.TestSet.DatasetDirectory, "test-abnormal.csv")), "The test set's labels should exist on the host.");
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task UserRoot_RunsAsNobody()
    {
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript("echo \"uid=$(id -u) gid=$(id -g)\"; exit 0", user: "0:0"));

        var outcome = await harness.RunAsync(harness.NewRun(imageId), CancellationToken.None);

        Assert.Contains("uid=65534 gid=65534", outcome.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("uid=0", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task DeclaredVolume_IsSizeLimitedTmpfs()
    {
        // Without the sandbox's tmpfs, the engine would put a VOLUME on the host disk.
        await using var harness = new SandboxHarness(output);
        var imageId = await harness.LoadAsync(TestImage.ShellScript(
            "dd if=/dev/zero of=/cache/fill bs=1M count=64 2>&1; grep ' /cache ' /proc/mounts; exit 0", volumes: ["/cache"]));

        var outcome = await harness.RunAsync(harness.NewRun(imageId), CancellationToken.None);

        Assert.Contains("No space left on device", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("tmpfs /cache tmpfs rw,nosuid,nodev,relatime,size=16384k", outcome.Log, StringComparison.Ordinal);
        await harness.AssertNothingLeftAsync();
    }

    private static long FreeBytes()
    {
        // The engine's data root and the temporary folder are where a leaking write would land.
        var dockerRoot = Directory.Exists("/var/lib/docker") ? "/var/lib/docker" : "/";
        return Math.Min(new DriveInfo(dockerRoot).AvailableFreeSpace, new DriveInfo(Path.GetTempPath()).AvailableFreeSpace);
    }
}
