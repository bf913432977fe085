using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.Cli.Commands;

/// <summary>The <c>testset</c> command group; each subcommand adds itself in <see cref="Create"/>.</summary>
internal static class TestSetCommand
{
    public static Command Create()
    {
        var command = new Command("testset", "Create and manage MRNet test sets.");
        command.Subcommands.Add(TestSetSynthCommand.Create());
        command.Subcommands.Add(OrganizerCommands.TestSetRegister());
        return command;
    }
}

/// <summary><c>testset synth</c>: writes a synthetic data set in the MRNet v1.0 layout.</summary>
internal static class TestSetSynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Directory that receives MRNet-v1.0/ (created if missing).",
            Required = true,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the generator; the same seed writes byte-identical files.",
            Required = true,
        };
        var trainExams = new Option<int>("--train-exams")
        {
            Description = $"Number of train exams, from case 0000 upward ({SyntheticTestSetOptions.MinExams}–{MrnetSplit.Train.MaxExams}; each is about 7.5 MB).",
            DefaultValueFactory = _ => SyntheticTestSetOptions.DefaultTrainExams,
        };
        var validExams = new Option<int>("--valid-exams")
        {
            Description = $"Number of valid exams, from case 1130 upward ({SyntheticTestSetOptions.MinExams}–{MrnetSplit.Valid.MaxExams}).",
            DefaultValueFactory = _ => SyntheticTestSetOptions.DefaultValidExams,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing, non-empty MRNet-v1.0 folder.",
        };

        var command = new Command(
            "synth",
            "Write a synthetic MRNet-v1.0 data set (train, valid and the 120-exam hidden test split) with a learnable finding for each label.");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(trainExams);
        command.Options.Add(validExams);
        command.Options.Add(force);

        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new SyntheticTestSetOptions
            {
                OutputDirectory = parseResult.GetValue(output)!,
                Seed = parseResult.GetValue(seed),
                TrainExams = parseResult.GetValue(trainExams),
                ValidExams = parseResult.GetValue(validExams),
                Force = parseResult.GetValue(force),
            };

            return Task.FromResult(Run(options, cancellationToken));
        });
        return command;
    }

    private static int Run(SyntheticTestSetOptions options, CancellationToken cancellationToken)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"error: {error}");
            }

            return 2;
        }

        // Ctrl+C and SIGTERM cancel the run, so that the staging folder is removed before the
        // process ends. Without these registrations the process ended at once on either signal.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Cancel(context, interrupted));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Cancel(context, interrupted));

        Console.WriteLine(
            $"Writing {options.DatasetDirectory} (seed {options.Seed}): train {options.TrainExams}, valid {options.ValidExams}, test {MrnetSplit.Test.MaxExams} exams.");
        try
        {
            var summary = SyntheticTestSetGenerator.Generate(options, new ConsoleProgress(), interrupted.Token);
            PrintSummary(summary);
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"Cancelled. {options.DatasetDirectory} is as it was before this run.");
            return 130;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"error: writing the data set failed: {ex.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"error: writing the data set failed: {ex.Message}");
            return 1;
        }
    }

    private static void Cancel(PosixSignalContext context, CancellationTokenSource interrupted)
    {
        context.Cancel = true;
        interrupted.Cancel();
    }

    private static void PrintSummary(SyntheticTestSetSummary summary)
    {
        Console.WriteLine($"Wrote {summary.DatasetDirectory}");
        Console.WriteLine("split  exams  cases      abnormal  acl  meniscus       MiB");
        foreach (var split in summary.Splits)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{split.Split,-5}  {split.Exams,5}  {split.FirstCaseId}–{split.LastCaseId}  {split.Abnormal,8}  {split.Acl,3}  {split.Meniscus,8}  {split.Bytes / 1048576.0,8:F1}"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.FileCount} files, {summary.Bytes / 1048576.0:F1} MiB in {summary.Elapsed.TotalSeconds:F1} s."));
    }

    /// <summary>Prints one line per split each time another tenth of its exams is written.</summary>
    private sealed class ConsoleProgress : IProgress<SyntheticProgress>
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, int> _printedTenths = [];

        public void Report(SyntheticProgress value)
        {
            int tenths = value.ExamsDone * 10 / value.ExamsTotal;
            lock (_lock)
            {
                int printed = _printedTenths.GetValueOrDefault(value.Split);
                if (tenths <= printed)
                {
                    return;
                }

                _printedTenths[value.Split] = tenths;
                Console.WriteLine($"  {value.Split}: {tenths * 10}% of {value.ExamsTotal} exams");
            }
        }
    }
}
