using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.TestSets.Tests;

public sealed class SyntheticLabelsTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void TestSplit_HasAtLeast50PositivesPerTask(ulong seed)
    {
        var labels = SyntheticLabels.Create(seed, MrnetSplit.Test, 120);

        Assert.Equal(120, labels.Count);
        Assert.Equal(96, labels.Count(l => l.Abnormal));
        Assert.Equal(54, labels.Count(l => l.Acl));
        Assert.Equal(54, labels.Count(l => l.Meniscus));
    }

    [Fact]
    public void TestSplit_CaseIdsRunFrom1250To1369()
    {
        var labels = SyntheticLabels.Create(7, MrnetSplit.Test, 120);

        Assert.Equal(Enumerable.Range(1250, 120).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), labels.Select(l => l.CaseId));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(300)]
    [InlineData(1130)]
    public void TrainSplit_EveryTaskHasBothClasses(int exams)
    {
        var labels = SyntheticLabels.Create(3, MrnetSplit.Train, exams);

        foreach (var task in MrnetTasks.All)
        {
            Assert.Contains(labels, l => l.Get(task));
            Assert.Contains(labels, l => !l.Get(task));
        }

        Assert.Equal("0000", labels[0].CaseId);
        Assert.Equal((exams - 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), labels[^1].CaseId);
    }

    [Fact]
    public void Tears_AreAlwaysAbnormal()
    {
        var labels = SyntheticLabels.Create(11, MrnetSplit.Valid, 120);

        Assert.All(labels.Where(l => l.Acl || l.Meniscus), l => Assert.True(l.Abnormal, $"case {l.CaseId} has a tear but is not abnormal"));
    }

    [Fact]
    public void SameSeed_GivesSameLabels()
    {
        Assert.Equal(SyntheticLabels.Create(5, MrnetSplit.Test, 120), SyntheticLabels.Create(5, MrnetSplit.Test, 120));
    }

    [Fact]
    public void OtherSeed_GivesOtherLabels()
    {
        Assert.NotEqual(SyntheticLabels.Create(5, MrnetSplit.Test, 120), SyntheticLabels.Create(6, MrnetSplit.Test, 120));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(121)]
    public void Create_RejectsExamCountOutOfRange(int exams)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLabels.Create(1, MrnetSplit.Valid, exams));
    }
}
