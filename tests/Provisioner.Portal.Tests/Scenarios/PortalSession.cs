using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Provisioner.Portal.Tests.Fixture;
using static Microsoft.Playwright.Assertions;

namespace Provisioner.Portal.Tests.Scenarios;

/// <summary>What the scenarios do through the page, and the few things they check through the API itself.</summary>
internal static class PortalSession
{
    public static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Local user").SelectOptionAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as this user" }).ClickAsync();
        await Expect(page.GetByText($"Signed in as {user}")).ToBeVisibleAsync();
    }

    public static async Task OpenCreateFormAsync(IPage page, string environmentId, string source)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "New environment" }).ClickAsync();
        await page.GetByLabel("Environment id").FillAsync(environmentId);
        await page.GetByLabel("Source instance or AMI").FillAsync(source);
    }

    public static async Task<JsonNode> ApiAsync(IPortalBackend backend, string user, HttpMethod method, string path, string? body = null, CancellationToken cancellation = default)
    {
        using var http = new HttpClient { BaseAddress = backend.BaseUrl, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", backend.Users[user]);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The environment page's status badge.</summary>
    public static ILocator Status(IPage page) =>
        page.GetByRole(AriaRole.Definition).Filter(new() { Has = page.Locator(".badge") }).Locator(".badge");

    /// <summary>A step's bar on the timeline (its accessible text starts with the step's name).</summary>
    public static ILocator Bar(ILocator timeline, string step) =>
        timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasTextRegex = new Regex($"{Regex.Escape(step)}: ") });

    public static string LabSpec() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "lab.json"));

    public static async Task ScreenshotAsync(IPage page, string name, ILocator? of = null)
    {
        var path = Path.Combine(PortalFixture.ArtifactsDirectory, $"{name}.png");
        if (of is null)
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        }
        else
        {
            await of.ScreenshotAsync(new() { Path = path });
        }
        TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(path), "image/png");
    }
}
