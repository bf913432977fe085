using System.CommandLine;
using Leaderboard.Cli.Demo;

namespace Leaderboard.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Folder that holds the MRNet-v1.0 data set, as written by 'leaderboard testset synth'.",
            Required = true,
        };
        var samples = new Option<DirectoryInfo>("--samples")
        {
            Description = "Folder with the sample archives baseline.tar, busybox-constant.tar and failing.tar, as written by samples/build.sh.",
            Required = true,
        };
        var port = new Option<int>("--port") { Description = "Loopback port of the API and the page.", DefaultValueFactory = _ => 8080 };
        var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Exit 0 after printing the leaderboard instead of serving the page until stopped." };
        var state = new Option<DirectoryInfo>("--state")
        {
            Description = "Folder for the demo's artifact store and process logs.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "mrnet-leaderboard-demo")),
        };

        var command = new Command("demo", "Run the whole service on synthetic data: upload the samples through the API, run them in the sandbox, print the leaderboard and serve it.")
        {
            data, samples, port, exitWhenDone, state,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new DemoSettings(
                parseResult.GetValue(data)!.FullName,
                parseResult.GetValue(samples)!.FullName,
                parseResult.GetValue(port),
                parseResult.GetValue(exitWhenDone),
                parseResult.GetValue(state)!.FullName);
            return await new DemoRunner(settings).RunAsync(cancellationToken);
        });
        return command;
    }
}
