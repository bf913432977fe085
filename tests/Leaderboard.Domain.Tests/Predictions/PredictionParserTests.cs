using System.Text;
using Leaderboard.Domain.Predictions;

namespace Leaderboard.Domain.Tests.Predictions;

public class PredictionParserTests
{
    private static readonly string[] CaseIds = ["1250", "1251", "1252"];

    [Fact]
    public void Parse_Headerless_MatchesRowsToCasesInOrder()
    {
        var result = Parse("0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal(
            [
                new ExamPrediction("1250", 0.1, 0.2, 0.3),
                new ExamPrediction("1251", 0.4, 0.5, 0.6),
                new ExamPrediction("1252", 0.7, 0.8, 0.9),
            ],
            result.Predictions!);
    }

    [Fact]
    public void Parse_WithHeader_JoinsByCaseId()
    {
        var result = Parse("case,abnormal,acl,meniscus\n1252,0.7,0.8,0.9\n1250,0.1,0.2,0.3\n1251,0.4,0.5,0.6\n");

        Assert.True(result.IsValid);
        Assert.Equal(["1250", "1251", "1252"], result.Predictions!.Select(prediction => prediction.CaseId));
        Assert.Equal(0.8, result.Predictions![2].Acl);
    }

    [Fact]
    public void Parse_HeaderInOtherLetterCase_IsAccepted()
    {
        var result = Parse("Case, Abnormal, ACL, Meniscus\n1250,0.1,0.2,0.3\n1251,0.4,0.5,0.6\n1252,0.7,0.8,0.9\n");

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_ByteOrderMarkAndCrlf_AreTolerated()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.ASCII.GetBytes("0.1,0.2,0.3\r\n0.4,0.5,0.6\r\n0.7,0.8,0.9\r\n")).ToArray();

        var result = PredictionParser.Parse(bytes, CaseIds);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(0.9, result.Predictions![2].Meniscus);
    }

    [Fact]
    public void Parse_HeaderWithBomAndCrlf_Tolerated()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.ASCII.GetBytes("case,abnormal,acl,meniscus\r\n1250,0.1,0.2,0.3\r\n1251,0.4,0.5,0.6\r\n1252,0.7,0.8,0.9")).ToArray();

        var result = PredictionParser.Parse(bytes, CaseIds);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Parse_NoFinalNewline_IsTolerated()
    {
        var result = Parse("0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9");

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_SpacesAroundValues_AreTolerated()
    {
        var result = Parse(" 0.1 , 0.2,0.3 \n0.4,\t0.5\t,0.6\n  0.7,0.8,   0.9\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(0.5, result.Predictions![1].Acl);
    }

    [Fact]
    public void Parse_ExponentsAndSigns_AreAccepted()
    {
        var result = Parse("1e-3,7.3E-1,+0.5\n.5,5.,1E0\n0,1,2.5e-1\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal([0.001, 0.73, 0.5], Values(result.Predictions![0]));
        Assert.Equal([0.5, 5.0, 1.0], Values(result.Predictions![1]));
    }

    [Fact]
    public void Parse_OutOfRangeValue_Warns()
    {
        var result = Parse("0.1,1.7,0.3\n-2.5,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.True(result.IsValid);
        Assert.Equal(1.7, result.Predictions![0].Acl);
        Assert.Equal(-2.5, result.Predictions![1].Abnormal);
        Assert.Equal(2, result.Warnings.Count);
        Assert.StartsWith("Line 1, column 2 (acl): the value 1.7 is outside [0, 1]", result.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("Line 2, column 1 (abnormal): the value -2.5 is outside [0, 1]", result.Warnings[1], StringComparison.Ordinal);
        Assert.Contains("scored unchanged", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyWarnings_AreCapped()
    {
        var ids = Enumerable.Range(0, 30).Select(i => (1250 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var text = string.Concat(Enumerable.Repeat("2,0.5,0.5\n", 30));

        var result = PredictionParser.Parse(Encoding.ASCII.GetBytes(text), ids);

        Assert.True(result.IsValid);
        Assert.Equal(21, result.Warnings.Count);
        Assert.Equal("… and 10 more warnings.", result.Warnings[^1]);
    }

    [Fact]
    public void Parse_TooFewRows_NamesUnmatchedCases()
    {
        var error = SingleError("0.1,0.2,0.3\n0.4,0.5,0.6\n");

        Assert.Contains("2 rows but the test set has 3 exams", error, StringComparison.Ordinal);
        Assert.Contains("cases 1252 to 1252 have no row", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyRows_NamesExtraLines()
    {
        var error = SingleError("0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n0.1,0.1,0.1\n0.2,0.2,0.2\n");

        Assert.Contains("5 rows but the test set has 3 exams", error, StringComparison.Ordinal);
        Assert.Contains("lines 4 to 5 match no exam", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingCaseId_NamesCase()
    {
        var error = SingleError("case,abnormal,acl,meniscus\n1250,0.1,0.2,0.3\n1252,0.7,0.8,0.9\n");

        Assert.Equal("1 of the test set's 3 case ids have no row: 1251. Write one row for every exam.", error);
    }

    [Fact]
    public void Parse_DuplicateCaseId_NamesBothLines()
    {
        var result = Parse("case,abnormal,acl,meniscus\n1250,0.1,0.2,0.3\n1251,0.4,0.5,0.6\n1250,0.7,0.8,0.9\n1252,0.7,0.8,0.9\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Line 4, column 1 (case): case id 1250 repeats line 2. Write one row per case id.", error);
    }

    [Fact]
    public void Parse_UnknownCaseId_NamesLineAndValue()
    {
        var result = Parse("case,abnormal,acl,meniscus\n1250,0.1,0.2,0.3\n1251,0.4,0.5,0.6\n1252,0.7,0.8,0.9\n9999,0.1,0.1,0.1\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 5, column 1 (case): case id '9999' is not in the test set.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedCaseId_ExplainsFormat()
    {
        var result = Parse("case,abnormal,acl,meniscus\n1250,0.1,0.2,0.3\n1251,0.4,0.5,0.6\n1252.0,0.7,0.8,0.9\n");

        Assert.Contains("Line 4, column 1 (case): case id '1252.0' is not in the test set. A case id is four digits, zero-padded", result.Errors[0], StringComparison.Ordinal);
        Assert.Contains("1252", result.Errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("-NAN")]
    public void Parse_NaN_NamesLineColumnAndValue(string value)
    {
        var error = SingleError($"0.1,0.2,0.3\n0.4,{value},0.6\n0.7,0.8,0.9\n");

        Assert.Equal($"Line 2, column 2 (acl): the value '{value}' is NaN. Write a finite number for every exam.", error);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    public void Parse_Infinity_NamesLineColumnAndValue(string value)
    {
        var error = SingleError($"0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,{value}\n");

        Assert.Equal($"Line 3, column 3 (meniscus): the value '{value}' is infinite. Write a finite number.", error);
    }

    [Fact]
    public void Parse_OverflowingNumber_IsRejectedAsInfinite()
    {
        var error = SingleError("1e400,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.StartsWith("Line 1, column 1 (abnormal): the value '1e400' is too large for a double", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyCell_NamesLineAndColumn()
    {
        var error = SingleError("0.1,,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.StartsWith("Line 1, column 2 (acl): the value is empty.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Text_NamesLineColumnAndValue()
    {
        var error = SingleError("0.1,0.2,0.3\n0.4,0.5,high\n0.7,0.8,0.9\n");

        Assert.Equal("Line 2, column 3 (meniscus): the value 'high' is not a number. Write a decimal number with a point, such as 0.73 or 7.3e-1.", error);
    }

    [Fact]
    public void Parse_QuotedNumber_SaysToRemoveQuotes()
    {
        var error = SingleError("0.1,0.2,0.3\n\"0.4\",0.5,0.6\n0.7,0.8,0.9\n");

        Assert.Equal("Line 2, column 1 (abnormal): the value '\"0.4\"' is quoted. Write the number without quotes.", error);
    }

    [Fact]
    public void Parse_HexNumber_IsRejected()
    {
        var error = SingleError("0x1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.StartsWith("Line 1, column 1 (abnormal): the value '0x1' is not a number.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1,0.2\n", 2)]
    [InlineData("0.1,0.2,0.3,0.4\n", 4)]
    public void Parse_WrongColumnCount_NamesLineAndCount(string firstRow, int count)
    {
        var result = Parse(firstRow + "0.4,0.5,0.6\n0.7,0.8,0.9\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"Line 1 has {count} values but needs 3 (abnormal,acl,meniscus): '{firstRow.TrimEnd('\n')}'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderRowColumnCount_IsRejected()
    {
        var error = SingleError("case,abnormal,acl,meniscus\n1250,0.1,0.2\n1251,0.4,0.5,0.6\n1252,0.7,0.8,0.9\n", skipMissing: true);

        Assert.StartsWith("Line 2 has 3 values but needs 4 (case,abnormal,acl,meniscus): '1250,0.1,0.2'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SemicolonsAndDecimalCommas_AreNamed()
    {
        var error = SingleError("0,1;0,2;0,3\n0,4;0,5;0,6\n0,7;0,8;0,9\n");

        Assert.Equal("Line 1 separates values with semicolons ('0,1;0,2;0,3'). Separate values with commas, and write decimals with a point, not a comma (0.5, not 0,5).", error);
    }

    [Fact]
    public void Parse_SemicolonSeparatorWithPoints_SaysSo()
    {
        var error = SingleError("0.1,0.2,0.3\n0.4;0.5;0.6\n0.7,0.8,0.9\n");

        Assert.Equal("Line 2 separates values with semicolons ('0.4;0.5;0.6'). Separate values with commas.", error);
    }

    [Fact]
    public void Parse_TabSeparator_SaysSo()
    {
        var error = SingleError("0.1\t0.2\t0.3\n0.4\t0.5\t0.6\n0.7\t0.8\t0.9\n");

        Assert.Equal("Line 1 separates values with tabs ('0.1\\x090.2\\x090.3'). Separate values with commas.", error);
    }

    [Fact]
    public void Parse_SpaceSeparator_SaysSo()
    {
        var result = Parse("0.1 0.2 0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.EndsWith("Separate values with commas, not spaces.", result.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DecimalCommas_AreRejectedWithHint()
    {
        var result = Parse("0,1,0,2,0,3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 1 has 6 values but needs 3", error, StringComparison.Ordinal);
        Assert.Contains("write decimals with a point (0.5, not 0,5)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 000")]
    [InlineData("1'000.5")]
    [InlineData("1_000")]
    [InlineData("1\u00A0000")]
    public void Parse_ThousandsSeparator_IsRejected(string value)
    {
        var error = SingleError($"0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,{value},0.9\n");

        Assert.StartsWith($"Line 3, column 2 (acl): the value '{value}' contains a thousands separator.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommaThousandsSeparator_IsRejected()
    {
        var result = Parse("0.1,1,000.5,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Line 1 has 4 values but needs 3", error, StringComparison.Ordinal);
        Assert.Contains("write no thousands separators", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FileOverSizeLimit_IsRejected()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0.1,0.2,0.3\n", 10)));

        var result = PredictionParser.Parse(bytes, CaseIds, maxBytes: 100);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("The prediction file is 120 bytes, over the limit of 100 bytes.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLarge_NamesSizeAndLimit()
    {
        var result = PredictionParser.TooLarge(5_000_000_000, PredictionParser.DefaultMaxBytes);

        Assert.False(result.IsValid);
        Assert.StartsWith("The prediction file is 5000000000 bytes, over the limit of 1048576 bytes.", result.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void Parse_EmptyFile_IsRejected(string text)
    {
        var error = SingleError(text);

        Assert.StartsWith("The prediction file is empty.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BlankLine_NamesLine()
    {
        var error = SingleError("0.1,0.2,0.3\n\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.Equal("Line 2 is empty. Remove blank lines. Only a final line end may follow the last row.", error);
    }

    [Fact]
    public void Parse_UnknownHeader_IsRejected()
    {
        var error = SingleError("abnormal,acl,meniscus\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n");

        Assert.StartsWith("Line 1: the header 'abnormal,acl,meniscus' is not recognised. Write the header case,abnormal,acl,meniscus", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderWithoutRows_IsRejected()
    {
        var error = SingleError("case,abnormal,acl,meniscus\n");

        Assert.Equal("The file has the header case,abnormal,acl,meniscus but no rows. Write one row per case id.", error);
    }

    [Fact]
    public void Parse_NaNFirstRow_IsReadAsData()
    {
        var error = SingleError("nan,nan,nan\n0.4,0.5,0.6\n0.7,0.8,0.9\n", skipMissing: true);

        Assert.StartsWith("Line 1, column 1 (abnormal): the value 'nan' is NaN.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_NamesOffset()
    {
        byte[] bytes = [(byte)'0', (byte)'.', 0xFF, (byte)',', (byte)'1'];

        var result = PredictionParser.Parse(bytes, CaseIds);

        var error = Assert.Single(result.Errors);
        Assert.Equal("The prediction file is not valid UTF-8 text (invalid byte at offset 2). Save it as plain UTF-8 or ASCII text.", error);
    }

    [Fact]
    public void Parse_ControlCharacters_AreEscapedInMessages()
    {
        var error = SingleError("0.1,0.2,0.3\n0.4,0\u00005,0.6\n0.7,0.8,0.9\n");

        Assert.Equal("Line 2, column 2 (acl): the value '0\\x005' is not a number. Write a decimal number with a point, such as 0.73 or 7.3e-1.", error);
    }

    [Fact]
    public void Parse_ManyErrors_AreCappedWithCount()
    {
        var ids = Enumerable.Range(0, 30).Select(i => (1250 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var text = string.Concat(Enumerable.Repeat("x,0.5,0.5\n", 30));

        var result = PredictionParser.Parse(Encoding.ASCII.GetBytes(text), ids);

        Assert.Null(result.Predictions);
        Assert.Equal(21, result.Errors.Count);
        Assert.StartsWith("Line 20, column 1 (abnormal)", result.Errors[19], StringComparison.Ordinal);
        Assert.Equal("… and 10 more errors.", result.Errors[^1]);
    }

    [Fact]
    public void Parse_DuplicateExpectedIds_Throws()
    {
        Assert.Throws<ArgumentException>(() => PredictionParser.Parse("0.1,0.2,0.3\n"u8, ["1250", "1250"]));
    }

    private static PredictionParseResult Parse(string text) => PredictionParser.Parse(Encoding.UTF8.GetBytes(text), CaseIds);

    /// <summary>Parses text that must be rejected with exactly one error (or, with skipMissing, returns the first error).</summary>
    private static string SingleError(string text, bool skipMissing = false)
    {
        var result = Parse(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Predictions);
        return skipMissing ? result.Errors[0] : Assert.Single(result.Errors);
    }

    private static double[] Values(ExamPrediction prediction) => [prediction.Abnormal, prediction.Acl, prediction.Meniscus];
}
