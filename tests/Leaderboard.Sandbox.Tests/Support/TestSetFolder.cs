using System.Text;

namespace Leaderboard.Sandbox.Tests.Support;

/// <summary>
/// A tiny MRNet-layout folder: <c>MRNet-v1.0/&lt;split&gt;/{sagittal,coronal,axial}/NNNN.npy</c>
/// (NumPy 1.0, <c>|u1</c>, shape (2, 256, 256)) and the three label files next to the split
/// folder, outside what is mounted into containers.
/// </summary>
public sealed class TestSetFolder
{
    public static readonly string[] Planes = ["sagittal", "coronal", "axial"];

    private TestSetFolder(string root, string split, IReadOnlyList<string> caseIds)
    {
        Root = root;
        Split = split;
        CaseIds = caseIds;
    }

    /// <summary>The folder that contains <c>MRNet-v1.0</c>.</summary>
    public string Root { get; }

    public string Split { get; }

    public IReadOnlyList<string> CaseIds { get; }

    public string DatasetDirectory => Path.Combine(Root, "MRNet-v1.0");

    public string SplitDirectory => Path.Combine(DatasetDirectory, Split);

    public static TestSetFolder Create(string root, string split = "test", params string[] caseIds)
    {
        if (caseIds.Length == 0)
        {
            caseIds = ["1250", "1251", "1252"];
        }

        var folder = new TestSetFolder(root, split, caseIds);
        foreach (var plane in Planes)
        {
            Directory.CreateDirectory(Path.Combine(folder.SplitDirectory, plane));
            foreach (var caseId in caseIds)
            {
                File.WriteAllBytes(Path.Combine(folder.SplitDirectory, plane, caseId + ".npy"), Npy(slices: 2, seed: int.Parse(caseId, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        // Alternating labels give every task both classes.
        foreach (var task in new[] { "abnormal", "acl", "meniscus" })
        {
            var lines = caseIds.Select((caseId, i) => $"{caseId},{i % 2}\n");
            File.WriteAllText(Path.Combine(folder.DatasetDirectory, $"{split}-{task}.csv"), string.Concat(lines));
        }

        return folder;
    }

    /// <summary>Returns a NumPy 1.0 file of shape (slices, 256, 256), dtype |u1, C order.</summary>
    public static byte[] Npy(int slices, int seed)
    {
        var header = $"{{'descr': '|u1', 'fortran_order': False, 'shape': ({slices}, 256, 256), }}";

        // The magic (6), version (2) and length (2) plus the header end on a multiple of 64 bytes, newline last.
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        stream.Write(Encoding.ASCII.GetBytes(padded));

        var voxels = new byte[slices * 256 * 256];
        new Random(seed).NextBytes(voxels);
        stream.Write(voxels);
        return stream.ToArray();
    }
}
