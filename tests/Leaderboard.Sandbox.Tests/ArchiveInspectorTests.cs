using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Leaderboard.Domain.Submissions;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Sandbox.Tests.Support;

namespace Leaderboard.Sandbox.Tests;

/// <summary>The archive checks on their own, without an engine.</summary>
public sealed class ArchiveInspectorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mrnet-archive-tests", Guid.NewGuid().ToString("N"));

    public ArchiveInspectorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ValidTar_ReturnsConfigDigest()
    {
        var path = NewPath();
        var expected = TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), repoTags: ["team/model:1"]);

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(expected, inspection.ImageId);
        Assert.False(inspection.IsGzip);
        Assert.Equal(["team/model:1"], inspection.RepoTags);
    }

    [Fact]
    public void ValidGzip_IsDetectedByMagicBytes()
    {
        // The file name ends in .tar, and only the first bytes mark it as gzip.
        var path = NewPath();
        var expected = TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), gzip: true);

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.True(inspection.IsGzip);
        Assert.Equal(expected, inspection.ImageId);
    }

    [Fact]
    public void UntaggedCopy_HasNoTags()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), gzip: true, repoTags: ["busybox:latest"],
            extraEntries: w => TestImage.AddFile(w, "repositories", """{"busybox":{"latest":"x"}}"""u8.ToArray()));
        using var copy = new MemoryStream();

        var inspection = ArchiveInspector.WriteUntaggedCopy(path, ArchiveLimits.Default, copy);

        Assert.True(inspection.IsValid, inspection.Error);
        copy.Position = 0;
        using var reader = new TarReader(copy);
        var names = new List<string>();
        JsonNode? manifest = null;
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            names.Add(entry.Name);
            if (entry.Name == "manifest.json")
            {
                manifest = JsonNode.Parse(entry.DataStream!);
            }
        }

        Assert.DoesNotContain("repositories", names);
        Assert.NotNull(manifest);
        Assert.Null(manifest![0]!["RepoTags"]);
        Assert.NotNull(manifest[0]!["Config"]);
    }

    public static TheoryData<string, string> HostileEntries => new()
    {
        { "../escape.txt", "'..'" },
        { "layer/../../escape.txt", "'..'" },
        { "/etc/cron.d/evil", "absolute path" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public void HostileEntryName_IsRejected(string entryName, string expectedMessage)
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), extraEntries: w => TestImage.AddFile(w, entryName, "x"u8.ToArray()));

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        AssertRejected(inspection, FailureReason.InvalidArchive, expectedMessage);
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("../../etc/passwd", "outside the archive")]
    [InlineData("a/../../..", "outside the archive")]
    public void EscapingSymbolicLink_IsRejected(string target, string expectedMessage)
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"),
            extraEntries: w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dir/link") { LinkName = target }));

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        AssertRejected(inspection, FailureReason.InvalidArchive, expectedMessage);
    }

    [Fact]
    public void InsideSymbolicLink_IsAccepted()
    {
        // A link that resolves inside the archive cannot reach the host, even through a ".." step.
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"),
            extraEntries: w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dir/link") { LinkName = "../manifest.json" }));

        Assert.True(ArchiveInspector.Inspect(path, ArchiveLimits.Default).IsValid);
    }

    [Fact]
    public void EntryBelowSymbolicLink_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), extraEntries: w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "." });
            TestImage.AddFile(w, "link/file", "x"u8.ToArray());
        });

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "inside the symbolic link");
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("../outside")]
    public void EscapingHardLink_IsRejected(string target)
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"),
            extraEntries: w => w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = target }));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "hard link");
    }

    [Fact]
    public void DeviceEntry_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"),
            extraEntries: w => w.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dev-null") { DeviceMajor = 1, DeviceMinor = 3 }));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "CharacterDevice");
    }

    [Fact]
    public void DuplicateEntry_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"),
            extraEntries: w => TestImage.AddFile(w, "manifest.json", "[]"u8.ToArray()));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "appears twice");
    }

    [Fact]
    public void TwoImages_AreRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), editManifest: m => new JsonArray(m[0]!.DeepClone(), m[0]!.DeepClone()));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "lists 2 images");
    }

    [Fact]
    public void MissingManifest_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteTar(path, gzip: false, w => TestImage.AddFile(w, "hello.txt", "hi"u8.ToArray()));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "no manifest.json");
    }

    [Fact]
    public void ManifestWithMissingConfig_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), editManifest: m =>
        {
            m[0]!["Config"] = "0000.json";
            return m;
        });

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "'0000.json', which is not a file");
    }

    [Fact]
    public void ManifestWithMissingLayer_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), editManifest: m =>
        {
            m[0]!["Layers"] = new JsonArray("nowhere/layer.tar");
            return m;
        });

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "nowhere/layer.tar");
    }

    [Fact]
    public void ForeignLayers_AreRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), editManifest: m =>
        {
            m[0]!["LayerSources"] = new JsonObject { ["sha256:00"] = new JsonObject { ["urls"] = new JsonArray("http://127.0.0.1/layer") } };
            return m;
        });

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "LayerSources");
    }

    [Fact]
    public void ManifestNotJson_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteTar(path, gzip: false, w => TestImage.AddFile(w, "manifest.json", "{not json"u8.ToArray()));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "not valid JSON");
    }

    [Theory]
    [InlineData("This is a README, not an image.\n")]
    [InlineData("")]
    public void NotATar_IsRejected(string content)
    {
        var path = NewPath();
        File.WriteAllText(path, string.Concat(Enumerable.Repeat(content, 200)));

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        Assert.False(inspection.IsValid);
        Assert.Equal(FailureReason.InvalidArchive, inspection.Failure);
        Assert.False(string.IsNullOrEmpty(inspection.Error));
    }

    [Fact]
    public void Xz_IsRejectedByName()
    {
        var path = NewPath();
        File.WriteAllBytes(path, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3]);

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "compressed with xz");
    }

    [Fact]
    public void GzipBomb_IsRejected()
    {
        // 256 MiB of zeros compress to about 250 KiB: a ratio of about 1000.
        var path = NewPath();
        TestImage.WriteTar(path, gzip: true, w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "zeros")
        {
            DataStream = new ZeroStream(256L * 1024 * 1024),
        }));

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default);

        AssertRejected(inspection, FailureReason.InvalidArchive, "gzip bomb");
    }

    [Fact]
    public void CompressedSizeOverLimit_IsTooLarge()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"));

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default with { MaxCompressedBytes = 1000 });

        AssertRejected(inspection, FailureReason.TooLarge, "at most 1000 bytes");
    }

    [Fact]
    public void UncompressedSizeOverLimit_IsTooLarge()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), gzip: true);

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default with { MaxUncompressedBytes = 100_000 });

        AssertRejected(inspection, FailureReason.TooLarge, "more than 100000 bytes");
    }

    [Fact]
    public void EntryCountOverLimit_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), extraEntries: w =>
        {
            for (var i = 0; i < 20; i++)
            {
                TestImage.AddFile(w, $"extra/{i}", []);
            }
        });

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default with { MaxEntries = 10 });

        AssertRejected(inspection, FailureReason.InvalidArchive, "more than 10 entries");
    }

    [Fact]
    public void ManifestOverLimit_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), editManifest: m =>
        {
            m[0]!["Padding"] = new string(' ', 4096);
            return m;
        });

        var inspection = ArchiveInspector.Inspect(path, ArchiveLimits.Default with { MaxManifestBytes = 2048 });

        AssertRejected(inspection, FailureReason.InvalidArchive, "manifest.json is");
    }

    [Fact]
    public void ManifestNotUtf8_IsRejected()
    {
        var path = NewPath();
        TestImage.WriteTar(path, gzip: false, w => TestImage.AddFile(w, "manifest.json", [(byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']']));

        AssertRejected(ArchiveInspector.Inspect(path, ArchiveLimits.Default), FailureReason.InvalidArchive, "not valid UTF-8");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MutatedArchive_IsCheckedWithoutThrowing(bool gzip)
    {
        // Random damage to headers, data and length must end in a result, never an exception.
        var path = NewPath();
        TestImage.WriteArchive(path, TestImage.ShellScript("exit 0"), gzip);
        var original = File.ReadAllBytes(path);
        var random = new Random(gzip ? 11 : 7);
        var mutated = NewPath();

        for (var i = 0; i < 150; i++)
        {
            var bytes = (byte[])original.Clone();
            if (i % 2 == 0)
            {
                for (var k = 0; k < 8; k++)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 8192))] = (byte)random.Next(256);
                }
            }
            else
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            File.WriteAllBytes(mutated, bytes);
            var inspection = ArchiveInspector.Inspect(mutated, ArchiveLimits.Default);
            using var copy = new MemoryStream();
            var copied = ArchiveInspector.WriteUntaggedCopy(mutated, ArchiveLimits.Default, copy);

            Assert.Equal(inspection.IsValid, copied.IsValid);
            Assert.Equal(inspection.IsValid, inspection.Error is null);
        }
    }

    [Theory]
    [InlineData("./manifest.json", "manifest.json")]
    [InlineData("a//b/./c", "a/b/c")]
    [InlineData("./", "")]
    public void NormalizePath_DropsDotsAndEmptySegments(string name, string expected)
    {
        Assert.Equal(expected, ArchiveInspector.NormalizePath(name, out _));
    }

    private string NewPath() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".tar");

    private static void AssertRejected(ArchiveInspection inspection, FailureReason reason, string messagePart)
    {
        Assert.False(inspection.IsValid);
        Assert.Null(inspection.ImageId);
        Assert.Equal(reason, inspection.Failure);
        Assert.Contains(messagePart, inspection.Error, StringComparison.Ordinal);
    }
}
