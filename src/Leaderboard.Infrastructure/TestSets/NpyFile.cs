using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>An MRNet volume: <see cref="Slices"/> images of <see cref="Height"/> x <see cref="Width"/> uint8 voxels, in C order.</summary>
public sealed record NpyVolume(int Slices, int Height, int Width, byte[] Voxels);

/// <summary>
/// Reads and writes the subset of the NumPy <c>.npy</c> format that MRNet volumes use: dtype
/// <c>|u1</c> (uint8), C order, three dimensions. The format is defined by NumPy's
/// <c>numpy.lib.format</c> module: the magic <c>\x93NUMPY</c>, a major and minor version byte,
/// a little-endian header length (2 bytes in version 1.0, 4 bytes in 2.0 and 3.0), then an ASCII
/// (3.0: UTF-8) Python dict literal padded with spaces and ended by a newline, then the data.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // NumPy 1.x and 2.x pad the header so that the data starts on a 64-byte boundary.
    private const int HeaderAlignment = 64;

    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Writes a uint8 volume as NumPy format 1.0 to <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, int slices, int height, int width, ReadOnlySpan<byte> voxels)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        Write(stream, slices, height, width, voxels);
    }

    /// <summary>Writes a uint8 volume as NumPy format 1.0; the voxel count must equal slices x height x width.</summary>
    public static void Write(Stream stream, int slices, int height, int width, ReadOnlySpan<byte> voxels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(slices);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        long expected = (long)slices * height * width;
        if (voxels.Length != expected)
        {
            throw new ArgumentException(
                $"The volume has {voxels.Length} voxels, but the shape ({slices}, {height}, {width}) needs {expected}.",
                nameof(voxels));
        }

        stream.Write(CreateHeader(slices, height, width));
        stream.Write(voxels);
    }

    /// <summary>Builds the complete version 1.0 preamble: magic, version, header length and padded header.</summary>
    public static byte[] CreateHeader(int slices, int height, int width)
    {
        string dict = string.Create(
            CultureInfo.InvariantCulture,
            $"{{'descr': '|u1', 'fortran_order': False, 'shape': ({slices}, {height}, {width}), }}");

        // Preamble: 6 magic bytes, 2 version bytes, 2 length bytes; the dict ends with '\n'.
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (HeaderAlignment - (unpadded % HeaderAlignment)) % HeaderAlignment;
        int headerLength = dict.Length + padding + 1;

        var preamble = new byte[Magic.Length + 4 + headerLength];
        Magic.CopyTo(preamble, 0);
        preamble[6] = 1;
        preamble[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8, 2), checked((ushort)headerLength));
        Encoding.ASCII.GetBytes(dict, preamble.AsSpan(10));
        preamble.AsSpan(10 + dict.Length, padding).Fill((byte)' ');
        preamble[^1] = (byte)'\n';
        return preamble;
    }

    /// <summary>
    /// Reads a three-dimensional uint8 C-order volume. Throws <see cref="InvalidDataException"/>
    /// naming the file and the fault when the file is not such a volume or is truncated.
    /// </summary>
    public static NpyVolume Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a three-dimensional uint8 C-order volume from the current position of <paramref name="stream"/>.</summary>
    public static NpyVolume Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (slices, height, width) = ReadHeader(stream);

        long count = (long)slices * height * width;
        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"The shape ({slices}, {height}, {width}) is too large to load into one array.");
        }

        var voxels = new byte[count];
        int read = ReadFully(stream, voxels);
        if (read != count)
        {
            throw new InvalidDataException(
                $"The data is truncated: the shape ({slices}, {height}, {width}) needs {count} bytes, but only {read} follow the header.");
        }

        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException(
                $"The file has bytes after the {count} data bytes that the shape ({slices}, {height}, {width}) accounts for.");
        }

        return new NpyVolume(slices, height, width, voxels);
    }

    /// <summary>Reads and checks the preamble and header; on return the stream is at the first data byte.</summary>
    public static (int Slices, int Height, int Width) ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        Span<byte> fixedPart = stackalloc byte[8];
        if (ReadFully(stream, fixedPart) != fixedPart.Length || !fixedPart[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("This is not a NumPy .npy file: the magic string \\x93NUMPY is missing.");
        }

        byte major = fixedPart[6];
        int headerLength = major switch
        {
            1 => ReadLength(stream, 2),
            2 or 3 => ReadLength(stream, 4),
            _ => throw new InvalidDataException(
                $"NumPy format version {major}.{fixedPart[7]} is not supported; versions 1.0, 2.0 and 3.0 are."),
        };
        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"The header length {headerLength} is larger than the {MaxHeaderBytes} bytes accepted.");
        }

        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) != headerLength)
        {
            throw new InvalidDataException($"The header is truncated: it declares {headerLength} bytes.");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(header);
    }

    private static (int, int, int) ParseHeader(string header)
    {
        string descr = MatchValue(DescrPattern(), header, "descr");
        if (descr is not ("|u1" or "<u1" or ">u1" or "u1"))
        {
            throw new InvalidDataException($"The dtype is '{descr}', but MRNet volumes are uint8 ('|u1').");
        }

        string fortranOrder = MatchValue(FortranOrderPattern(), header, "fortran_order");
        if (fortranOrder != "False")
        {
            throw new InvalidDataException("The array is in Fortran order, but MRNet volumes are in C order (fortran_order: False).");
        }

        string shapeText = MatchValue(ShapePattern(), header, "shape");
        var dims = shapeText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (dims.Length != 3)
        {
            throw new InvalidDataException($"The shape is ({shapeText}), but MRNet volumes have three dimensions (S, 256, 256).");
        }

        var parsed = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!int.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
            {
                throw new InvalidDataException($"The shape ({shapeText}) has a dimension that is not a non-negative integer: '{dims[i]}'.");
            }
        }

        return (parsed[0], parsed[1], parsed[2]);
    }

    private static string MatchValue(Regex pattern, string header, string key)
    {
        var match = pattern.Match(header);
        if (!match.Success)
        {
            throw new InvalidDataException($"The header has no valid '{key}' entry: {header.TrimEnd()}");
        }

        return match.Groups["value"].Value;
    }

    private static int ReadLength(Stream stream, int size)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (ReadFully(stream, bytes[..size]) != size)
        {
            throw new InvalidDataException("The file ends inside the header length field.");
        }

        return size == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes)
            : checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes));
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""](?<value>[^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(?<value>True|False)")]
    private static partial Regex FortranOrderPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\((?<value>[^)]*)\)")]
    private static partial Regex ShapePattern();
}
