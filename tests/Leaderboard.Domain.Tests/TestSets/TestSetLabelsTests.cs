using System.Text;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Domain.Tests.TestSets;

public sealed class TestSetLabelsTests : IDisposable
{
    private const string Abnormal = "1130,1\n1131,1\n1132,0\n1133,1\n";
    private const string Acl = "1130,0\n1131,1\n1132,0\n1133,0\n";
    private const string Meniscus = "1130,1\n1131,0\n1132,0\n1133,1\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("labels-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadSplit_ValidFiles_SortsExams()
    {
        Write("valid", "1133,1\n1131,1\n1130,1\n1132,0\n", Acl, Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["1130", "1131", "1132", "1133"], result.Labels!.CaseIds);
        Assert.Equal(new ExamLabels("1131", true, true, false), result.Labels.Exams[1]);
    }

    [Fact]
    public void ReadSplit_BomCrlfNoFinalNewline_Tolerated()
    {
        Write("valid", "\uFEFF1130,1\r\n1131,1\r\n1132,0\r\n1133,1", Acl.Replace("\n", "\r\n", StringComparison.Ordinal), Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(4, result.Labels!.Exams.Count);
    }

    [Fact]
    public void ReadSplit_MissingFile_NamesIt()
    {
        File.WriteAllText(Path.Combine(_directory, "valid-abnormal.csv"), Abnormal);
        File.WriteAllText(Path.Combine(_directory, "valid-acl.csv"), Acl);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Labels);
        Assert.StartsWith($"Label file not found in {_directory}: valid-meniscus.csv.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSplit_MissingDirectory_SaysSo()
    {
        var missing = Path.Combine(_directory, "nowhere");

        var result = TestSetLabels.ReadSplit(missing, "valid");

        Assert.Equal($"The label directory {missing} does not exist.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_SingleClassColumn_IsRejected()
    {
        Write("valid", Abnormal, "1130,0\n1131,0\n1132,0\n1133,0\n", Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("valid-acl.csv: all 4 labels are 0. ROC AUC is undefined with one class, so every task needs at least one positive and one negative exam.", Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("yes")]
    [InlineData("0.5")]
    [InlineData("")]
    public void ReadSplit_LabelOtherThanZeroOrOne_NamesFileLineAndValue(string label)
    {
        Write("valid", Abnormal, $"1130,0\n1131,1\n1132,{label}\n1133,0\n", Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal($"valid-acl.csv, line 3, column 2 (label): the label '{label}' is not 0 or 1. Write 1 for a positive exam and 0 for a negative one.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_DuplicateCase_NamesBothLines()
    {
        Write("valid", Abnormal + "1131,0\n", Acl, Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("valid-abnormal.csv, line 5: case 1131 repeats line 2. Write one line per exam.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_MissingCaseNamesFiles()
    {
        Write("valid", Abnormal, Acl, "1130,1\n1131,0\n1133,1\n");

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("Case 1132 is in valid-abnormal.csv (line 3) but missing from valid-meniscus.csv. Every label file needs a line for every exam.", Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("113", "'113'")]
    [InlineData("11300", "'11300'")]
    [InlineData("A130", "'A130'")]
    [InlineData("١١٣٠", "'١١٣٠'")]
    public void ReadSplit_MalformedCaseId_NamesFileLineAndValue(string caseId, string quoted)
    {
        Write("valid", Abnormal, Acl, $"1130,1\n1131,0\n{caseId},0\n1133,1\n");

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal($"valid-meniscus.csv, line 3, column 1 (case): {quoted} is not a case id. A case id is four digits, zero-padded (for example 0042 or 1250).", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_HeaderLine_IsRejected()
    {
        Write("valid", "case,label\n" + Abnormal, Acl, Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("valid-abnormal.csv, line 1: 'case,label' looks like a header, but label files have no header line. Remove it.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_WrongColumnCount_NamesLine()
    {
        Write("valid", Abnormal, "1130,0\n1131;1\n1132,0\n1133,0,1\n", Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("valid-acl.csv, line 2 has 1 values but needs 2 (case,label): '1131;1'.", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("valid-acl.csv, line 4 has 3 values but needs 2 (case,label): '1133,0,1'.", result.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSplit_BlankLine_NamesLine()
    {
        Write("valid", Abnormal, "1130,0\n\n1131,1\n1132,0\n1133,0\n", Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("valid-acl.csv, line 2 is empty. Remove blank lines. Only a final line end may follow the last line.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_EmptyFile_NamesIt()
    {
        Write("valid", Abnormal, string.Empty, Meniscus);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.Equal("valid-acl.csv is empty. Write one line case,label per exam, such as 1130,0.", Assert.Single(result.Errors));
    }

    [Fact]
    public void ReadSplit_InvalidUtf8_NamesFile()
    {
        Write("valid", Abnormal, Acl, Meniscus);
        File.WriteAllBytes(Path.Combine(_directory, "valid-acl.csv"), [0x31, 0x31, 0x33, 0x30, 0x2C, 0xC3]);

        var result = TestSetLabels.ReadSplit(_directory, "valid");

        Assert.StartsWith("valid-acl.csv is not valid UTF-8 text (invalid byte at offset 5).", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../valid")]
    [InlineData("")]
    [InlineData("..")]
    public void ReadSplit_InvalidSplitName_IsRejected(string split)
    {
        var result = TestSetLabels.ReadSplit(_directory, split);

        Assert.StartsWith($"The split name '{split}' is invalid.", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FindSplits_ListsCompleteSplitsOnly()
    {
        Write("valid", Abnormal, Acl, Meniscus);
        Write("test", Abnormal, Acl, Meniscus);
        File.WriteAllText(Path.Combine(_directory, "train-abnormal.csv"), Abnormal);

        var splits = TestSetLabels.FindSplits(_directory);

        Assert.Equal(["test", "valid"], splits);
    }

    [Fact]
    public void FromExams_SortsByCaseId()
    {
        var result = TestSetLabels.FromExams(
        [
            new ExamLabels("1252", true, false, true),
            new ExamLabels("1250", false, true, false),
        ]);

        Assert.True(result.IsValid);
        Assert.Equal(["1250", "1252"], result.Labels!.CaseIds);
    }

    [Fact]
    public void FromExams_MalformedAndDuplicateCases_AreRejected()
    {
        var result = TestSetLabels.FromExams(
        [
            new ExamLabels("1250", true, false, true),
            new ExamLabels("125", false, true, false),
            new ExamLabels("1250", false, true, false),
        ]);

        Assert.Null(result.Labels);
        Assert.Equal(
            [
                "Case id '125' is malformed. A case id is four digits, zero-padded (for example 0042 or 1250).",
                "Case 1250 appears more than once. Give each exam one set of labels.",
            ],
            result.Errors);
    }

    [Fact]
    public void FromExams_SingleClassTask_IsRejected()
    {
        var result = TestSetLabels.FromExams(
        [
            new ExamLabels("1250", true, true, true),
            new ExamLabels("1251", false, true, false),
        ]);

        Assert.Equal("Task acl: all 2 labels are 1. ROC AUC is undefined with one class, so every task needs at least one positive and one negative exam.", Assert.Single(result.Errors));
    }

    [Fact]
    public void FromExams_Empty_IsRejected()
    {
        var result = TestSetLabels.FromExams([]);

        Assert.Equal("The test set has no exams.", Assert.Single(result.Errors));
    }

    private void Write(string split, string abnormal, string acl, string meniscus)
    {
        File.WriteAllText(Path.Combine(_directory, $"{split}-abnormal.csv"), abnormal, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(_directory, $"{split}-acl.csv"), acl, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(_directory, $"{split}-meniscus.csv"), meniscus, new UTF8Encoding(false));
    }
}
