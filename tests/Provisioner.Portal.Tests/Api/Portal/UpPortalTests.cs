using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Provisioner.Core.Naming;
using Provisioner.Portal.Tests.Fixture;
using Provisioner.Portal.Tests.Scenarios;
using static Microsoft.Playwright.Assertions;
using static Provisioner.Portal.Tests.Scenarios.PortalSession;

namespace Provisioner.Portal.Tests.Api.Portal;

/// <summary>
/// The page against the real service: <c>provisioner up</c> (in process, on moto, virtual time) serves it at
/// <c>/</c>, signs its users in through <c>/local/users</c>, validates with the real API and runs the real
/// provision and teardown workflows, whose events the timeline draws.
/// </summary>
public sealed class UpPortalTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const int Bound = 180_000;

    /// <summary>A whole workflow on virtual time takes seconds of real time on this machine; bound a wait for one generously.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Workflow = new() { Timeout = 90_000 };

    [Fact(Timeout = Bound)]
    public async Task LabFromTheForm_ReachesReadyWithEveryStepInItsBranch_ThenDeleted_NothingLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await UpBackend.StartAsync(ct);
        var page = await fixture.NewPageAsync(backend, ct);
        await PortalSession.SignInAsync(page, "dev-a");

        // The app server by its Name tag, the deployment's network: what examples/lab.json says.
        await PortalSession.OpenCreateFormAsync(page, "shop-dev", "app-server");
        await page.GetByLabel("App port").FillAsync("5000");
        await page.GetByLabel("Health check path").FillAsync("/status");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop-dev", Exact = true })).ToBeVisibleAsync();
        await Expect(Status(page)).ToHaveTextAsync("READY", Workflow);
        var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Timeline" });
        await PortalSession.ScreenshotAsync(page, "up-environment-ready");
        foreach (var step in StepNames.All)
        {
            // One row per step: the readiness checks that poll (check, wait, check) stay on theirs.
            await Expect(Bar(timeline, step)).ToHaveCountAsync(1);
        }
        await Expect(Bar(timeline, StepNames.WaitAvailable)).ToHaveTextAsync(new Regex(@"\d+ checks, waited "));
        // Lanes come from the events' branch: the image bake and the load balancer chain side by side.
        await Expect(timeline.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Branch ") })).Not.ToHaveCountAsync(0);
        Assert.True(await timeline.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Branch ") }).CountAsync() >= 2);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "https://prov-shop-dev-alb" })).ToBeVisibleAsync();
        await PortalSession.ScreenshotAsync(page, "up-timeline-ready", timeline);

        var asDevB = await fixture.NewPageAsync(backend, ct);
        await PortalSession.SignInAsync(asDevB, "dev-b");
        await Expect(asDevB.GetByText("shop-dev")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Delete shop-dev?" }).GetByRole(AriaRole.Button, new() { Name = "Delete environment" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("DELETED", Workflow);
        await Expect(Bar(timeline, "CreateAsg.Undo").First).ToBeVisibleAsync();
        await Expect(Bar(timeline, "CreateAmi.Undo").First).ToBeVisibleAsync();
        await backend.Up.Local.Workflows.WaitForLogExportsAsync(ct); // DELETED does not wait for the final export; the log group goes with it
        Assert.Empty(await backend.Up.Local.Cloud.Inspection.ListAsync("shop-dev", ct));
    }

    [Fact(Timeout = Bound)]
    public async Task Create_MistakesTheRealApiFinds_ShownBesideTheirFields_NothingCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await UpBackend.StartAsync(ct);
        var page = await fixture.NewPageAsync(backend, ct);
        await PortalSession.SignInAsync(page, "dev-a");

        await PortalSession.OpenCreateFormAsync(page, "shop-dev", "app-server");
        await page.GetByLabel("App port").FillAsync("70000");
        await page.GetByLabel("Minimum instances").FillAsync("3");
        await page.GetByLabel("Maximum instances").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByLabel("App port")).ToHaveAccessibleDescriptionAsync(new Regex(@"\(got 70000\)"));
        await Expect(page.GetByLabel("Source instance or AMI")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        var list = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments", cancellation: ct);
        Assert.Empty(list["items"]!.AsArray());
        Assert.Empty(await backend.Up.Local.Cloud.Inspection.ListAsync("shop-dev", ct));
    }

    [Fact(Timeout = Bound)]
    public async Task Create_StartAtInThePast_RealApisErrorShownBesideStartAt_NothingCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await UpBackend.StartAsync(ct);
        var page = await fixture.NewPageAsync(backend, ct);
        await PortalSession.SignInAsync(page, "dev-a");
        var past = backend.Up.Local.Clock.GetUtcNow().AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        await PortalSession.OpenCreateFormAsync(page, "shop-dev", "app-server");
        await page.GetByLabel("Start at").FillAsync(past);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByLabel("Start at")).ToHaveAccessibleDescriptionAsync(new Regex("must be in the future"));
        await Expect(page.GetByLabel("Start at")).ToHaveAttributeAsync("aria-invalid", "true");
        var list = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments", cancellation: ct);
        Assert.Empty(list["items"]!.AsArray());
        Assert.Empty(await backend.Up.Local.Cloud.Inspection.ListAsync("shop-dev", ct));
    }
}
