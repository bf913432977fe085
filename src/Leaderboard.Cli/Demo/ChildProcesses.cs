using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Leaderboard.Cli.Demo;

/// <summary>
/// The API and worker processes the demo starts from this same executable. Their output goes
/// to log files in the state folder; disposing stops them (SIGTERM, then a kill after 10 s).
/// </summary>
internal sealed partial class ChildProcesses(string logDirectory) : IAsyncDisposable
{
    private readonly List<(string Name, Process Process)> _processes = [];

    public void Start(string name, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under 'dotnet leaderboard.dll' the process path is the dotnet host, which needs the assembly first.
        var processPath = Environment.ProcessPath!;
        start.FileName = processPath;
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcesses).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {name} process.");
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process));
        Console.WriteLine($"Started the {name} (pid {process.Id}); its log is {Path.Combine(logDirectory, name + ".log")}.");
    }

    public void ThrowIfExited()
    {
        foreach (var (name, process) in _processes)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} process exited with code {process.ExitCode}; see {Path.Combine(logDirectory, name + ".log")}.");
            }
        }
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int processId, int signal);

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _processes)
        {
            if (!process.HasExited)
            {
                // SIGTERM lets the host stop its Hangfire server and Kestrel cleanly.
                _ = SendSignal(process.Id, SigTerm);
            }
        }

        foreach (var (_, process) in _processes)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
