using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leaderboard.Sandbox.Tests.Support;

/// <summary>
/// Writes <c>docker save</c> archives of tiny images: one layer with the static busybox of
/// the host (Debian's busybox-static) and a link for each of its applets, plus a config with
/// the given command. No registry or docker CLI is needed.
/// </summary>
public static class TestImage
{
    private const string BusyboxPath = "/bin/busybox";

    private static readonly Lazy<(byte[] Tar, string DiffId)> BusyboxLayer = new(BuildBusyboxLayer);

    /// <summary>An image whose command is a busybox shell script; its arguments are the input and output CSV paths.</summary>
    public static JsonObject ShellScript(string script, bool asEntrypoint = true, string? user = null, IEnumerable<string>? volumes = null)
    {
        var command = new JsonArray("/bin/sh", "-c", script, "sh");
        var config = new JsonObject
        {
            ["Env"] = new JsonArray("PATH=/bin"),
            [asEntrypoint ? "Entrypoint" : "Cmd"] = command,
        };
        if (user is not null)
        {
            config["User"] = user;
        }

        if (volumes is not null)
        {
            var declared = new JsonObject();
            foreach (var volume in volumes)
            {
                declared[volume] = new JsonObject();
            }

            config["Volumes"] = declared;
        }

        return config;
    }

    /// <summary>Writes an archive of one image with <paramref name="config"/> (the config's "config" section); returns the expected image id.</summary>
    /// <remarks>
    /// <paramref name="extraEntries"/> adds entries before manifest.json, and
    /// <paramref name="editManifest"/> replaces the manifest, so tests can build hostile archives.
    /// </remarks>
    public static string WriteArchive(
        string path,
        JsonObject config,
        bool gzip = false,
        string[]? repoTags = null,
        Action<TarWriter>? extraEntries = null,
        Func<JsonArray, JsonNode>? editManifest = null)
    {
        var (layer, diffId) = BusyboxLayer.Value;
        var configBytes = ConfigJson(config, diffId);
        var configHash = Hex(SHA256.HashData(configBytes));
        var layerDirectory = diffId["sha256:".Length..];

        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configHash + ".json",
            ["RepoTags"] = repoTags is null ? null : new JsonArray([.. repoTags.Select(t => (JsonNode)t)]),
            ["Layers"] = new JsonArray(layerDirectory + "/layer.tar"),
        });

        WriteTar(path, gzip, writer =>
        {
            AddDirectory(writer, layerDirectory + "/");
            AddFile(writer, layerDirectory + "/layer.tar", layer);
            AddFile(writer, configHash + ".json", configBytes);
            extraEntries?.Invoke(writer);
            var written = editManifest is null ? manifest : editManifest(manifest);
            AddFile(writer, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(written));
        });
        return "sha256:" + configHash;
    }

    /// <summary>Writes a tar (or gzipped tar) whose entries <paramref name="write"/> adds.</summary>
    public static void WriteTar(string path, bool gzip, Action<TarWriter> write)
    {
        using var file = File.Create(path);
        using var compressed = gzip ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : null;
        using (var writer = new TarWriter(compressed ?? (Stream)file, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }
    }

    public static void AddFile(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = new MemoryStream(content),
        });

    public static void AddDirectory(TarWriter writer, string name) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)Convert.ToInt32("755", 8) });

    /// <summary>Returns the image config JSON of an image with the busybox layer.</summary>
    public static byte[] ConfigJson(JsonObject config, string? diffId = null)
    {
        diffId ??= BusyboxLayer.Value.DiffId;
        var document = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2025-01-01T00:00:00Z",
            ["config"] = config.DeepClone(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        };
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private static (byte[] Tar, string DiffId) BuildBusyboxLayer()
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing; install the Debian package busybox-static to build the test images.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            AddDirectory(writer, "bin/");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = (UnixFileMode)Convert.ToInt32("755", 8),
                DataStream = new MemoryStream(File.ReadAllBytes(BusyboxPath)),
            });
            foreach (var applet in ListApplets().Where(a => a != "busybox"))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
            }

            AddDirectory(writer, "etc/");
            AddFile(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"u8.ToArray());
        }

        var tar = buffer.ToArray();
        return (tar, "sha256:" + Hex(SHA256.HashData(tar)));
    }

    private static List<string> ListApplets()
    {
        using var process = Process.Start(new ProcessStartInfo(BusyboxPath, "--list") { RedirectStandardOutput = true })!;
        var applets = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        process.WaitForExit();
        return [.. applets];
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
