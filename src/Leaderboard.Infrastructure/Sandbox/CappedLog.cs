using System.Globalization;
using System.Text;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The combined stdout and stderr of a container, kept in constant memory: the first
/// <c>headBytes</c> and a ring of the last <c>tailBytes</c>. Bytes in between are only
/// counted, so a container that prints 100 MiB costs the same as one that prints 300 KiB.
/// Not thread-safe: one log pump appends.
/// </summary>
public sealed class CappedLog
{
    private readonly byte[] _head;
    private readonly byte[] _tail;
    private int _headCount;
    private long _tailWritten;

    public CappedLog(int headBytes, int tailBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tailBytes);
        _head = new byte[headBytes];
        _tail = new byte[tailBytes];
    }

    /// <summary>All bytes appended, kept or not.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Bytes between the head and the tail that were counted but not kept.</summary>
    public long DroppedBytes => TotalBytes - _headCount - Math.Min(_tailWritten, _tail.Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;

        var toHead = Math.Min(data.Length, _head.Length - _headCount);
        data[..toHead].CopyTo(_head.AsSpan(_headCount));
        _headCount += toHead;
        data = data[toHead..];

        // Only the last _tail.Length bytes of a long chunk can survive in the ring.
        if (data.Length > _tail.Length)
        {
            _tailWritten += data.Length - _tail.Length;
            data = data[^_tail.Length..];
        }

        while (!data.IsEmpty)
        {
            var position = (int)(_tailWritten % _tail.Length);
            var count = Math.Min(data.Length, _tail.Length - position);
            data[..count].CopyTo(_tail.AsSpan(position));
            _tailWritten += count;
            data = data[count..];
        }
    }

    /// <summary>
    /// Returns the kept bytes as UTF-8 text (invalid sequences become U+FFFD), with one marker
    /// line in place of the dropped bytes that gives their count.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(Encoding.UTF8.GetString(_head, 0, _headCount));

        var dropped = DroppedBytes;
        if (dropped > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n[... {dropped} bytes of output dropped; the log keeps the first {_head.Length} and the last {_tail.Length} bytes ...]\n");
        }

        builder.Append(Encoding.UTF8.GetString(TailBytes()));
        return builder.ToString();
    }

    /// <summary>
    /// Returns at most <paramref name="maxBytes"/> bytes (UTF-8) from the end of
    /// <paramref name="log"/>, starting at a character boundary; empty when maxBytes is 0.
    /// </summary>
    public static string Tail(string log, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (maxBytes == 0 || log.Length == 0)
        {
            return "";
        }

        var bytes = Encoding.UTF8.GetBytes(log);
        if (bytes.Length <= maxBytes)
        {
            return log;
        }

        // Skip UTF-8 continuation bytes (10xxxxxx) so the tail starts on a whole character.
        var start = bytes.Length - maxBytes;
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    private byte[] TailBytes()
    {
        if (_tailWritten <= _tail.Length)
        {
            return _tail[..(int)_tailWritten];
        }

        var position = (int)(_tailWritten % _tail.Length);
        return [.. _tail.AsSpan(position), .. _tail.AsSpan(0, position)];
    }
}
