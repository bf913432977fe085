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
        using var browser = new Browser();
        var driver = browser.Driver;
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
        using var browser = new Browser();
        var driver = browser.Driver;

        driver.Navigate().GoToUrl(fixture.Services.Api.ClientOptions.BaseAddress);

        Assert.EndsWith("/competitions/mrnet/phases/test", driver.Url, StringComparison.Ordinal);
        Assert.NotEmpty(driver.FindElements(By.Id("leaderboard")));
    }

    /// <summary>Headless Chromium with a profile folder of its own, deleted with the browser.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly string _profile = TestEnvironment.CreateTempDirectory("chromium");

        public Browser()
        {
            // The flags keep Chromium off the network: this machine reaches only loopback.
            var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
            options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + _profile);
            var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
            service.HideCommandPromptWindow = true;
            Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        }

        public ChromeDriver Driver { get; }

        public void Dispose()
        {
            Driver.Quit();
            Driver.Dispose();
            Directory.Delete(_profile, recursive: true);
        }
    }
}
