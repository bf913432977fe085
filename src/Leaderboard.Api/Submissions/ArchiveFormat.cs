namespace Leaderboard.Api.Submissions;

/// <summary>Recognises the two upload formats of a container submission from their first bytes.</summary>
public static class ArchiveFormat
{
    /// <summary>Returns null for a tar or gzip stream, else a message that describes what the upload is instead.</summary>
    public static string? Check(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 2 && header[0] == 0x1f && header[1] == 0x8b)
        {
            return null;
        }

        // POSIX ustar, pax and GNU tar headers all carry "ustar" at byte 257 of the first block.
        if (header.Length >= 262 && header.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return null;
        }

        return header.Length == 0
            ? "The upload is empty. Send the archive written by 'docker save' as the request body."
            : "The upload is not a tar archive or a gzip-compressed tar archive. Send the file written by 'docker save IMAGE -o model.tar' (optionally gzip-compressed).";
    }
}
