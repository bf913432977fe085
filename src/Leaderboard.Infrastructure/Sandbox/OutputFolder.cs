using Leaderboard.Domain.Submissions;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>The predictions file as read after the container exited: its bytes, or why it is missing or unusable.</summary>
internal sealed record PredictionsFile(byte[]? Content, FailureReason? Failure, string? Problem)
{
    public static PredictionsFile Read(byte[] content) => new(content, null, null);

    public static PredictionsFile Missing(string problem) => new(null, FailureReason.MissingPredictions, problem);

    public static PredictionsFile Invalid(string problem) => new(null, FailureReason.InvalidPredictions, problem);
}

/// <summary>
/// Reads and measures a run's output folder on the host. The container writes into it
/// through a bind mount, so everything in it is untrusted: links are never followed and
/// sizes are checked before bytes are read.
/// </summary>
internal static class OutputFolder
{
    /// <summary>
    /// Reads the predictions file at <paramref name="hostPath"/> (shown to competitors as
    /// <paramref name="containerPath"/>) if it is a regular file of at most
    /// <paramref name="maxBytes"/> bytes. Call only after the container exited, so that
    /// nothing changes the file while it is read.
    /// </summary>
    public static PredictionsFile ReadPredictions(string hostPath, string containerPath, int maxBytes)
    {
        using var handle = NativeFile.OpenNoFollow(hostPath, out var errno);
        if (handle is null)
        {
            return errno switch
            {
                NativeFile.ErrorNotFound => PredictionsFile.Missing($"The container exited without writing {containerPath}."),
                NativeFile.ErrorSymbolicLink => PredictionsFile.Invalid($"{containerPath} is a symbolic link; write the predictions as a regular file."),
                _ => PredictionsFile.Invalid($"{containerPath} could not be opened (errno {errno}); write the predictions as a regular file."),
            };
        }

        if (File.GetAttributes(handle).HasFlag(FileAttributes.Directory))
        {
            return PredictionsFile.Invalid($"{containerPath} is a folder; write the predictions as a regular file.");
        }

        // A FIFO or socket cannot seek; a regular file can. Devices cannot be created without CAP_MKNOD.
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            return PredictionsFile.Invalid($"{containerPath} is not a regular file (a pipe or socket); write the predictions as a regular file.");
        }

        if (stream.Length > maxBytes)
        {
            return PredictionsFile.Invalid($"{containerPath} is {stream.Length} bytes; the limit is {maxBytes} bytes.");
        }

        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return PredictionsFile.Read(content);
    }

    /// <summary>
    /// Returns a message when the folder contains more than <paramref name="maxBytes"/> bytes or
    /// more than <paramref name="maxEntries"/> entries, or null while within both. Links are
    /// counted, never followed; entries that vanish while the folder is walked are skipped.
    /// </summary>
    public static string? CheckLimits(string hostDirectory, long maxBytes, int maxEntries)
    {
        var bytes = 0L;
        var entries = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(hostDirectory));

        while (pending.TryPop(out var current))
        {
            try
            {
                foreach (var child in current.EnumerateFileSystemInfos())
                {
                    entries++;
                    if (entries > maxEntries)
                    {
                        return $"The output folder contains more than {maxEntries} files and folders; the container was stopped.";
                    }

                    if (child.LinkTarget is not null)
                    {
                        continue;
                    }

                    if (child is DirectoryInfo directory)
                    {
                        pending.Push(directory);
                    }
                    else if (child is FileInfo file)
                    {
                        bytes += SafeLength(file);
                        if (bytes > maxBytes)
                        {
                            return $"The output folder contains more than {maxBytes} bytes; the container was stopped.";
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The container may delete what is being walked, and the next check measures the rest.
            }
        }

        return null;
    }

    private static long SafeLength(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
