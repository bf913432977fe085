using System.Text;
using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.TestSets.Tests;

public sealed class NpyFileTests
{
    [Fact]
    public void Header_IsVersion1WithAlignedDict()
    {
        byte[] header = NpyFile.CreateHeader(17, 256, 256);

        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], header[..8]);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal(header.Length - 10, header[8] | (header[9] << 8));
        Assert.Equal((byte)'\n', header[^1]);

        string dict = Encoding.ASCII.GetString(header, 10, header.Length - 10);
        Assert.StartsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (17, 256, 256), }", dict, StringComparison.Ordinal);
        Assert.Equal(dict.TrimEnd(' ', '\n'), dict[..(dict.IndexOf('}', StringComparison.Ordinal) + 1)]);
    }

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        byte[] voxels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new MemoryStream();

        NpyFile.Write(stream, 2, 3, 4, voxels);
        stream.Position = 0;
        var volume = NpyFile.Read(stream);

        Assert.Equal((2, 3, 4), (volume.Slices, volume.Height, volume.Width));
        Assert.Equal(voxels, volume.Voxels);
    }

    [Fact]
    public void Write_RejectsWrongVoxelCount()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<ArgumentException>(() => NpyFile.Write(stream, 2, 3, 4, new byte[23]));

        Assert.Contains("(2, 3, 4) needs 24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_FileLoadsInNumpy()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        byte[] voxels = Enumerable.Range(0, 3 * 256 * 256).Select(i => (byte)(i % 251)).ToArray();
        try
        {
            NpyFile.Write(path, 3, 256, 256, voxels);

            string output = NumpyProbe.Describe(path);

            Assert.Equal($"uint8 (3, 256, 256) True {voxels.Sum(v => (long)v)} {voxels[70000]}", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_AcceptsNumpyWrittenFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            NumpyProbe.Run($"import numpy as np; np.save('{path}', (np.arange(2*5*7) % 256).astype(np.uint8).reshape(2, 5, 7))");

            var volume = NpyFile.Read(path);

            Assert.Equal((2, 5, 7), (volume.Slices, volume.Height, volume.Width));
            Assert.Equal(Enumerable.Range(0, 70).Select(i => (byte)i), volume.Voxels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> BadHeaders => new()
    {
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }", "dtype is '<f4'" },
        { "{'descr': '|u1', 'fortran_order': True, 'shape': (1, 2, 2), }", "Fortran order" },
        { "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }", "three dimensions" },
        { "{'descr': '|u1', 'fortran_order': False, 'shape': (1, -2, 2), }", "not a non-negative integer" },
        { "{'descr': '|u1', 'fortran_order': False, }", "no valid 'shape' entry" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Read_RejectsBadHeader(string dict, string expected)
    {
        using var stream = new MemoryStream(Preamble(dict, dataBytes: 4));

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsMissingMagic()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("PK\x03\x04 not an npy file"));

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));

        Assert.Contains("magic string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsTruncatedData()
    {
        byte[] file = Preamble("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 2), }", dataBytes: 3);
        using var stream = new MemoryStream(file);

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));

        Assert.Contains("needs 4 bytes, but only 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsTrailingBytes()
    {
        byte[] file = Preamble("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 2), }", dataBytes: 5);
        using var stream = new MemoryStream(file);

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));

        Assert.Contains("bytes after the 4 data bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPath_NamesFileInError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));

            Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Preamble(string dict, int dataBytes)
    {
        string header = dict + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        bytes.Add((byte)(header.Length & 0xFF));
        bytes.Add((byte)(header.Length >> 8));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(Enumerable.Repeat((byte)9, dataBytes));
        return [.. bytes];
    }
}
