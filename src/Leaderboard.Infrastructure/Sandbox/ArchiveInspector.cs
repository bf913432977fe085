using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Leaderboard.Domain.Submissions;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The result of checking a <c>docker save</c> archive: the image id (<c>sha256:</c> and the
/// digest of the image config, which is how the engine names the image) or the reason for
/// rejecting it and a message that names what is wrong.
/// </summary>
public sealed record ArchiveInspection(
    string? ImageId,
    FailureReason? Failure,
    string? Error,
    bool IsGzip,
    long UncompressedBytes,
    int EntryCount,
    IReadOnlyList<string> RepoTags)
{
    public bool IsValid => ImageId is not null && Failure is null;

    internal static ArchiveInspection Rejected(FailureReason reason, string error, bool isGzip = false) =>
        new(null, reason, error, isGzip, 0, 0, []);
}

/// <summary>
/// Checks a <c>docker save</c> archive (tar, or tar compressed with gzip) in one streaming
/// pass, without unpacking anything to disk. The outer tar must name exactly one image in
/// <c>manifest.json</c>; entry names may not be absolute or contain <c>..</c>; links may not
/// point outside the archive; sizes, entry count and gzip expansion are limited. Layer tars
/// inside the archive are not opened: the engine unpacks them in its own confined way.
/// </summary>
public static class ArchiveInspector
{
    /// <summary>A gzip archive may expand past the ratio limit until it reaches this many bytes, so tiny archives with tar padding pass.</summary>
    internal const long RatioCheckFloorBytes = 16L * 1024 * 1024;

    private const string ManifestName = "manifest.json";
    private const string IndexName = "index.json";
    private const string RepositoriesName = "repositories";

    // Annotations of an OCI index that name a tag; the engine would tag the image with them.
    private static readonly string[] TagAnnotations = ["io.containerd.image.name", "org.opencontainers.image.ref.name"];

    /// <summary>Checks the archive at <paramref name="archivePath"/> against <paramref name="limits"/>.</summary>
    /// <exception cref="FileNotFoundException">The archive does not exist.</exception>
    public static ArchiveInspection Inspect(string archivePath, ArchiveLimits limits, CancellationToken cancellationToken = default) =>
        Scan(archivePath, limits, sanitizedCopy: null, cancellationToken);

    /// <summary>Checks the archive on a thread-pool thread; see <see cref="Inspect"/>.</summary>
    public static Task<ArchiveInspection> InspectAsync(string archivePath, ArchiveLimits limits, CancellationToken cancellationToken = default) =>
        Task.Run(() => Inspect(archivePath, limits, cancellationToken), cancellationToken);

    /// <summary>
    /// Checks the archive again while writing a plain tar copy of it to
    /// <paramref name="destination"/>, with every tag removed (<c>RepoTags</c> in
    /// <c>manifest.json</c>, tag annotations in <c>index.json</c>, the legacy
    /// <c>repositories</c> file). A loaded tag would re-point that name on the shared engine,
    /// so a submission could replace an image that the platform or another run uses. The copy
    /// ends with the tar end marker only when the archive passed; on a rejection the caller
    /// must abort the stream.
    /// </summary>
    public static ArchiveInspection WriteUntaggedCopy(string archivePath, ArchiveLimits limits, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Scan(archivePath, limits, destination, cancellationToken);
    }

    private static ArchiveInspection Scan(string archivePath, ArchiveLimits limits, Stream? sanitizedCopy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentNullException.ThrowIfNull(limits);
        var limitErrors = limits.Validate();
        if (limitErrors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", limitErrors), nameof(limits));
        }

        var file = new FileInfo(archivePath);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The archive '{archivePath}' does not exist.", archivePath);
        }

        if (file.Length > limits.MaxCompressedBytes)
        {
            return ArchiveInspection.Rejected(FailureReason.TooLarge,
                $"The archive is {file.Length} bytes; this phase accepts at most {limits.MaxCompressedBytes} bytes.");
        }

        using var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var compression = DetectCompression(input);
        if (compression is not (Compression.None or Compression.Gzip))
        {
            return ArchiveInspection.Rejected(FailureReason.InvalidArchive,
                $"The archive is compressed with {compression.ToString().ToLowerInvariant()}; upload the tar written by 'docker save', plain or compressed with gzip.");
        }

        var isGzip = compression == Compression.Gzip;
        using var decompressed = isGzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : null;
        using var counter = new UncompressedByteCounter(decompressed ?? (Stream)input, limits, isGzip ? file.Length : null, cancellationToken);
        var scan = new ArchiveScan(limits, isGzip);
        try
        {
            return scan.Run(counter, sanitizedCopy, cancellationToken);
        }
        catch (ArchiveRejectedException ex)
        {
            return ArchiveInspection.Rejected(ex.Reason, ex.Message, isGzip);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            var kind = isGzip ? "gzip-compressed tar" : "tar";
            var problem = ex is EndOfStreamException
                ? "it ends in the middle of an entry, so it was probably cut short during copying or upload"
                : $"the parser reported: {ex.Message}";
            return ArchiveInspection.Rejected(FailureReason.InvalidArchive,
                $"The archive is not a valid {kind} file ({problem}). Upload the complete output of 'docker save'.", isGzip);
        }
    }

    private enum Compression
    {
        None,
        Gzip,
        Bzip2,
        Xz,
        Zstd,
    }

    private static Compression DetectCompression(FileStream input)
    {
        Span<byte> magic = stackalloc byte[6];
        var read = input.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        input.Position = 0;
        magic = magic[..read];

        if (magic.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return Compression.Gzip;
        }

        if (magic.StartsWith("BZh"u8))
        {
            return Compression.Bzip2;
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return Compression.Xz;
        }

        return magic.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]) ? Compression.Zstd : Compression.None;
    }

    /// <summary>What the scan remembers of one entry: enough to resolve names in the manifest.</summary>
    private sealed record EntryInfo(TarEntryType Type, long Length, string? Sha256);

    /// <summary>The state of one pass over the outer tar.</summary>
    private sealed class ArchiveScan(ArchiveLimits limits, bool isGzip)
    {
        private readonly Dictionary<string, EntryInfo> _entries = new(StringComparer.Ordinal);
        private byte[]? _manifest;
        private byte[]? _index;
        private int _entryCount;

        public ArchiveInspection Run(UncompressedByteCounter counter, Stream? sanitizedCopy, CancellationToken cancellationToken)
        {
            using var reader = new TarReader(counter, leaveOpen: true);

            // Disposing the writer appends the tar end marker, so it happens only after every check passed.
            var writer = sanitizedCopy is null ? null : new TarWriter(sanitizedCopy, TarEntryFormat.Pax, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Visit(entry, writer);
            }

            var (imageId, repoTags) = CheckManifest();
            writer?.Dispose();
            return new ArchiveInspection(imageId, null, null, isGzip, counter.BytesRead, _entryCount, repoTags);
        }

        private void Visit(TarEntry entry, TarWriter? writer)
        {
            _entryCount++;
            if (_entryCount > limits.MaxEntries)
            {
                throw Reject($"The archive has more than {limits.MaxEntries} entries; a 'docker save' archive contains a few per layer.");
            }

            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                writer?.WriteEntry(entry);
                return;
            }

            var name = CheckName(entry);
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    VisitFile(entry, name, writer);
                    return;
                case TarEntryType.SymbolicLink:
                    CheckSymbolicLink(entry, name);
                    break;
                case TarEntryType.HardLink:
                    CheckHardLink(entry, name);
                    break;
                case TarEntryType.Directory:
                    break;
                default:
                    throw Reject($"The archive entry '{entry.Name}' is of type {entry.EntryType}; only files, folders and links are allowed.");
            }

            _entries[name] = new EntryInfo(entry.EntryType, 0, null);
            writer?.WriteEntry(entry);
        }

        private string CheckName(TarEntry entry)
        {
            var name = NormalizePath(entry.Name, out var problem);
            if (name is null)
            {
                throw Reject($"The archive entry '{entry.Name}' {problem}.");
            }

            if (name.Length > 0 && _entries.ContainsKey(name))
            {
                throw Reject($"The archive entry '{name}' appears twice.");
            }

            // A path below a symbolic link would be written through the link.
            for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
            {
                if (_entries.TryGetValue(name[..slash], out var parent) && parent.Type == TarEntryType.SymbolicLink)
                {
                    throw Reject($"The archive entry '{name}' lies inside the symbolic link '{name[..slash]}'.");
                }
            }

            return name;
        }

        private void VisitFile(TarEntry entry, string name, TarWriter? writer)
        {
            var isMetadata = name is ManifestName or IndexName;
            if (isMetadata && entry.Length > limits.MaxManifestBytes)
            {
                throw Reject($"The archive's {name} is {entry.Length} bytes; the limit is {limits.MaxManifestBytes} bytes.");
            }

            // Small files (manifests, image configs) are read whole, so that their digest is known.
            if (entry.Length > limits.MaxManifestBytes)
            {
                _entries[name] = new EntryInfo(entry.EntryType, entry.Length, null);
                // A new entry carries the data: replacing the read entry's stream would dispose
                // the stream the reader needs to find the next header.
                if (writer is not null && entry.DataStream is { } data)
                {
                    WriteFile(writer, entry, name, new KnownLengthStream(data, entry.Length));
                }

                return;
            }

            var content = ReadAll(entry);
            _entries[name] = new EntryInfo(entry.EntryType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
            switch (name)
            {
                case ManifestName:
                    _manifest = content;
                    WriteFile(writer, entry, name, UntagManifest(content));
                    break;
                case IndexName:
                    _index = content;
                    WriteFile(writer, entry, name, UntagIndex(content));
                    break;
                case RepositoriesName:
                    // The legacy tag file; the engine reads it only when manifest.json is missing.
                    break;
                default:
                    WriteFile(writer, entry, name, content);
                    break;
            }
        }

        private static byte[] ReadAll(TarEntry entry)
        {
            if (entry.DataStream is null || entry.Length == 0)
            {
                return [];
            }

            var content = new byte[entry.Length];
            entry.DataStream.ReadExactly(content);
            return content;
        }

        private static void WriteFile(TarWriter? writer, TarEntry original, string name, byte[] content) =>
            WriteFile(writer, original, name, new MemoryStream(content, writable: false));

        private static void WriteFile(TarWriter? writer, TarEntry original, string name, Stream content)
        {
            writer?.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = original.Mode,
                ModificationTime = original.ModificationTime,
                Uid = original.Uid,
                Gid = original.Gid,
                DataStream = content,
            });
        }

        private static void CheckSymbolicLink(TarEntry entry, string name)
        {
            var target = entry.LinkName;
            if (string.IsNullOrEmpty(target))
            {
                throw Reject($"The symbolic link '{name}' in the archive has no target.");
            }

            if (target.StartsWith('/'))
            {
                throw Reject($"The symbolic link '{name}' in the archive points to the absolute path '{target}'.");
            }

            // Resolve lexically from the link's own folder: '..' may step up, never above the root.
            var depth = name.Count(c => c == '/');
            foreach (var segment in target.Split('/'))
            {
                depth += segment switch
                {
                    "" or "." => 0,
                    ".." => -1,
                    _ => 1,
                };
                if (depth < 0)
                {
                    throw Reject($"The symbolic link '{name}' in the archive points outside the archive ('{target}').");
                }
            }
        }

        private static void CheckHardLink(TarEntry entry, string name)
        {
            if (NormalizePath(entry.LinkName, out var problem) is not { Length: > 0 })
            {
                throw Reject($"The hard link '{name}' in the archive points to '{entry.LinkName}', which {problem ?? "is the archive root"}.");
            }
        }

        private (string ImageId, IReadOnlyList<string> RepoTags) CheckManifest()
        {
            if (_manifest is null)
            {
                throw Reject("The archive has no manifest.json at its top level; upload the output of 'docker save'.");
            }

            if (_index is not null)
            {
                ParseJson(_index, IndexName);
            }

            using var manifest = ParseJson(_manifest, ManifestName);
            var root = manifest.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Reject("The archive's manifest.json is not a JSON array.");
            }

            var imageCount = root.GetArrayLength();
            if (imageCount != 1)
            {
                throw Reject($"The archive's manifest.json lists {imageCount} images; upload exactly one ('docker save' with one image name).");
            }

            var image = root[0];
            if (image.ValueKind != JsonValueKind.Object)
            {
                throw Reject("The image in the archive's manifest.json is not a JSON object.");
            }

            var imageId = CheckConfig(image);
            CheckLayers(image);
            return (imageId, ReadRepoTags(image));
        }

        private string CheckConfig(JsonElement image)
        {
            if (!image.TryGetProperty("Config", out var config) || config.ValueKind != JsonValueKind.String || config.GetString() is not { Length: > 0 } configName)
            {
                throw Reject("The image in the archive's manifest.json has no Config.");
            }

            var key = NormalizePath(configName, out _);
            if (key is null || !_entries.TryGetValue(key, out var entry) || !IsFile(entry.Type))
            {
                throw Reject($"The archive's manifest.json names the image config '{configName}', which is not a file in the archive.");
            }

            if (entry.Sha256 is null)
            {
                throw Reject($"The image config '{configName}' is {entry.Length} bytes; the limit is {limits.MaxManifestBytes} bytes.");
            }

            return "sha256:" + entry.Sha256;
        }

        private void CheckLayers(JsonElement image)
        {
            if (!image.TryGetProperty("Layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw Reject("The image in the archive's manifest.json has no Layers list.");
            }

            if (layers.GetArrayLength() > limits.MaxLayers)
            {
                throw Reject($"The image has {layers.GetArrayLength()} layers; the limit is {limits.MaxLayers}.");
            }

            foreach (var layer in layers.EnumerateArray())
            {
                var layerName = layer.ValueKind == JsonValueKind.String ? layer.GetString() : null;
                var key = layerName is null ? null : NormalizePath(layerName, out _);
                if (key is null || !_entries.TryGetValue(key, out var entry) || entry.Type == TarEntryType.Directory)
                {
                    throw Reject($"The archive's manifest.json names the layer '{layerName ?? layer.ToString()}', which is not a file in the archive.");
                }
            }

            // Foreign layers are fetched by the engine from URLs in the manifest; runs have no network.
            if (image.TryGetProperty("LayerSources", out var sources) && sources.ValueKind == JsonValueKind.Object && sources.EnumerateObject().Any())
            {
                throw Reject("The image in the archive has foreign layers (LayerSources); every layer must be inside the archive.");
            }
        }

        private static List<string> ReadRepoTags(JsonElement image)
        {
            if (!image.TryGetProperty("RepoTags", out var tags) || tags.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];
        }

        private static JsonDocument ParseJson(byte[] content, string name)
        {
            // The parser checks UTF-8 only when a string is read, which would throw later.
            if (!Utf8.IsValid(content))
            {
                throw Reject($"The archive's {name} is not valid UTF-8.");
            }

            try
            {
                return JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (JsonException ex)
            {
                throw Reject($"The archive's {name} is not valid JSON: {ex.Message}");
            }
        }

        private static bool IsFile(TarEntryType type) =>
            type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

        private static ArchiveRejectedException Reject(string message) => new(FailureReason.InvalidArchive, message);
    }

    /// <summary>
    /// Returns the entry name without <c>./</c> and empty segments (empty for the archive root),
    /// or null when it is absolute or contains <c>..</c>, with the reason in <paramref name="problem"/>.
    /// </summary>
    internal static string? NormalizePath(string name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(name))
        {
            problem = "has an empty name";
            return null;
        }

        if (name.StartsWith('/'))
        {
            problem = "has an absolute path";
            return null;
        }

        var segments = new List<string>();
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..")
            {
                problem = "contains a '..' path segment";
                return null;
            }

            if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    private static byte[] UntagManifest(byte[] content)
    {
        var root = ParseNode(content, ManifestName);
        if (root is JsonArray images)
        {
            foreach (var image in images.OfType<JsonObject>())
            {
                image.Remove("RepoTags");
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static byte[] UntagIndex(byte[] content)
    {
        var root = ParseNode(content, IndexName);
        if (root is JsonObject index && index["manifests"] is JsonArray manifests)
        {
            foreach (var annotations in manifests.OfType<JsonObject>().Select(m => m["annotations"]).OfType<JsonObject>())
            {
                foreach (var tag in TagAnnotations)
                {
                    annotations.Remove(tag);
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static JsonNode? ParseNode(byte[] content, string name)
    {
        if (!Utf8.IsValid(content))
        {
            throw new ArchiveRejectedException(FailureReason.InvalidArchive, $"The archive's {name} is not valid UTF-8.");
        }

        try
        {
            return JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new ArchiveRejectedException(FailureReason.InvalidArchive, $"The archive's {name} is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>
    /// Counts the bytes of the tar stream and stops the scan when a size or ratio limit is
    /// passed, or when the scan is cancelled, also in the middle of a large entry.
    /// </summary>
    private sealed class UncompressedByteCounter(Stream inner, ArchiveLimits limits, long? compressedBytes, CancellationToken cancellationToken) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = inner.Read(buffer);
            BytesRead += read;
            CheckLimits();
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void CheckLimits()
        {
            if (BytesRead > limits.MaxUncompressedBytes)
            {
                throw new ArchiveRejectedException(FailureReason.TooLarge,
                    $"The archive expands to more than {limits.MaxUncompressedBytes} bytes; this phase accepts at most that.");
            }

            if (compressedBytes is { } compressed && BytesRead > RatioCheckFloorBytes && BytesRead > limits.MaxCompressionRatio * compressed)
            {
                throw new ArchiveRejectedException(FailureReason.InvalidArchive, string.Create(CultureInfo.InvariantCulture,
                    $"The archive expands more than {limits.MaxCompressionRatio} times when decompressed ({compressed} compressed bytes gave more than {BytesRead}); it looks like a gzip bomb."));
            }
        }
    }
}

/// <summary>
/// A forward-only stream that reports its length and position, so that <see cref="TarWriter"/>
/// writes an entry's size in the header instead of seeking back in the output to patch it.
/// </summary>
internal sealed class KnownLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        origin == SeekOrigin.Current && offset == 0 ? _position : throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Stops a scan with the reason and message of the rejection.</summary>
internal sealed class ArchiveRejectedException(FailureReason reason, string message) : Exception(message)
{
    public FailureReason Reason { get; } = reason;
}
