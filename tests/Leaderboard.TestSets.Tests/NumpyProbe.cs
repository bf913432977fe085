using System.Diagnostics;

namespace Leaderboard.TestSets.Tests;

/// <summary>
/// Runs Debian's Python 3 with python3-numpy, an .npy reader independent of this repository.
/// The tests that use it fail with the install command when either is missing.
/// </summary>
internal static class NumpyProbe
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Loads a file with <c>np.load</c> and returns "dtype shape c_contiguous sum voxel[70000]".</summary>
    public static string Describe(string path) => Run(
        "import sys, numpy as np\n" +
        "a = np.load(sys.argv[1], allow_pickle=False)\n" +
        "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], int(a.sum(dtype=np.int64)), int(a.ravel()[70000]) if a.size > 70000 else -1)",
        path);

    /// <summary>Runs a Python program and returns its trimmed standard output; throws with its standard error if it fails.</summary>
    public static string Run(string program, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing; install it with: apt-get install python3 python3-numpy");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Python} exited with {process.ExitCode}: {stderr.Result.Trim()} " +
                "(if numpy is missing, install it with: apt-get install python3-numpy)");
        }

        return stdout.Trim();
    }
}
