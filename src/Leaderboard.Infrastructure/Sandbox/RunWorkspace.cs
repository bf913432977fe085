using System.Text;
using System.Text.RegularExpressions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The per-run work folder on the host: <c>input/input.csv</c>, mounted read-only, and
/// <c>output/</c>, mounted writable and owned by the run's uid. It lives under
/// <c>WorkRoot/&lt;worker&gt;/</c>, so a restarted worker can delete what its crash left.
/// </summary>
internal sealed partial class RunWorkspace : IDisposable
{
    public const string ContainerInputDirectory = "/mrnet/input";
    public const string ContainerOutputDirectory = "/mrnet/output";
    public const string ContainerInputCsv = ContainerInputDirectory + "/input.csv";
    public const string ContainerOutputCsv = ContainerOutputDirectory + "/predictions.csv";
    public const string ContainerDataRoot = "/data/MRNet-v1.0";

    private const string InputCsvName = "input.csv";
    private const string OutputCsvName = "predictions.csv";

    private RunWorkspace(string root)
    {
        Root = root;
        InputDirectory = Path.Combine(root, "input");
        OutputDirectory = Path.Combine(root, "output");
    }

    public string Root { get; }

    public string InputDirectory { get; }

    public string OutputDirectory { get; }

    public string OutputCsv => Path.Combine(OutputDirectory, OutputCsvName);

    /// <summary>Returns the folder of one worker's work folders under <paramref name="workRoot"/>.</summary>
    public static string WorkerDirectory(string workRoot, string workerId) => Path.Combine(workRoot, SafeSegment(workerId));

    /// <summary>
    /// Creates the work folder of one run and writes its input CSV. When this process may not
    /// change owners (it is not root), the output folder is made writable by everyone instead.
    /// Its parent is private to this user, so only the container reaches it.
    /// </summary>
    public static RunWorkspace Create(string workRoot, SandboxRun run, out bool ownerChanged)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sandbox runs containers only on Linux.");
        }

        var workerDirectory = WorkerDirectory(workRoot, run.WorkerId);
        Directory.CreateDirectory(workRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(workerDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var root = Path.Combine(workerDirectory, $"{SafeSegment(run.EvaluationId)}-{Guid.NewGuid():N}");
        var workspace = new RunWorkspace(root);
        try
        {
            workspace.Prepare(run, out ownerChanged);
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Returns the input CSV: three lines per exam (sagittal, coronal, axial) in the given case order.</summary>
    public static string BuildInputCsv(string splitName, IReadOnlyList<string> caseIds)
    {
        var builder = new StringBuilder();
        foreach (var caseId in caseIds)
        {
            foreach (var plane in MrnetPlanes.InputOrder)
            {
                builder.Append(ContainerDataRoot).Append('/').Append(splitName).Append('/')
                    .Append(plane).Append('/').Append(caseId).Append(".npy\n");
            }
        }

        return builder.ToString();
    }

    /// <summary>Deletes the work folder; symbolic links inside are removed, never followed.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Turns an id into one safe folder-name segment: letters, digits, '.', '_' and '-', at most 64 characters.</summary>
    internal static string SafeSegment(string id)
    {
        var safe = UnsafeCharacters().Replace(id, "_");
        if (safe.Length > 64)
        {
            safe = safe[..64];
        }

        return safe is "" or "." or ".." ? "_" + safe : safe;
    }

    private void Prepare(SandboxRun run, out bool ownerChanged)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sandbox runs containers only on Linux.");
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode Readable = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        Directory.CreateDirectory(Root, Private);
        Directory.CreateDirectory(InputDirectory, Readable);
        Directory.CreateDirectory(OutputDirectory, Private);

        var inputCsv = Path.Combine(InputDirectory, InputCsvName);
        File.WriteAllText(inputCsv, BuildInputCsv(run.SplitName, run.CaseIds), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.SetUnixFileMode(inputCsv, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (uid, gid) = run.Policy.ParseUser();
        var errno = NativeFile.ChangeOwner(OutputDirectory, uid, gid);
        ownerChanged = errno == 0;
        if (errno == NativeFile.ErrorPermission)
        {
            File.SetUnixFileMode(OutputDirectory, Private | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }
        else if (errno != 0)
        {
            throw new IOException($"Changing the owner of the output folder {OutputDirectory} to {uid}:{gid} failed with errno {errno}.");
        }
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}
