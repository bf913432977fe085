using Leaderboard.Integration.Tests.Fixtures;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Leaderboard.Integration.Tests.EndToEnd;

/// <summary>
/// The public page in a real browser: Debian's headless Chromium driven by chromedriver. These
/// tests read the runs of the end-to-end fixture, so they belong to the same class.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public void Page_ShowsRankedRowsInBrowser()
    {
        using var driver = StartBrowser();
        var baseAddress = fixture.Services.Api.ClientOptions.BaseAddress;

        driver.Navigate().GoToUrl(new Uri(baseAddress, $"/competitions/{LeaderboardServices.Competition}/phases/{LeaderboardServices.Phase}"));

        var rows = driver.FindElements(By.CssSelector("#leaderboard tbody tr"));
        Assert.Equal(2, rows.Count);
        Assert.Equal("1", rows[0].FindElement(By.CssSelector("td.rank")).Text);
        Assert.Equal("2", rows[1].FindElement(By.CssSelector("td.rank")).Text);
        var teams = rows.Select(r => r.FindElement(By.CssSelector(".team")).Text).ToList();
        Assert.Contains("Formula Team", teams);
        Assert.Contains("Constant Team", teams);
        Assert.DoesNotContain("Failing Team", driver.PageSource, StringComparison.Ordinal);
        Assert.Matches(@"^\d\.\d{3}", rows[0].FindElement(By.CssSelector("td.mean")).Text);
        Assert.Contains("leaderboard", driver.Title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RootPage_RedirectsToDefaultLeaderboard()
    {
        using var driver = StartBrowser();

        driver.Navigate().GoToUrl(fixture.Services.Api.ClientOptions.BaseAddress);

        Assert.EndsWith("/competitions/mrnet/phases/test", driver.Url, StringComparison.Ordinal);
        Assert.NotEmpty(driver.FindElements(By.Id("leaderboard")));
    }

    private static ChromeDriver StartBrowser()
    {
        // The flags keep Chromium off the network: this machine reaches only loopback.
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + TestEnvironment.CreateTempDirectory("chromium"));
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
