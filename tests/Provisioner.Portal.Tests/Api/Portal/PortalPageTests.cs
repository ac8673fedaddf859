using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Provisioner.Core.Naming;
using Provisioner.Portal.Tests.Fixture;
using Provisioner.Portal.Tests.Scenarios;
using static Microsoft.Playwright.Assertions;
using static Provisioner.Portal.Tests.Scenarios.PortalSession;

namespace Provisioner.Portal.Tests.Api.Portal;

/// <summary>
/// The portal page (src/Functions/Api/Portal) in headless Chromium against the API, by role and label.
/// Each test is bounded; every wait is on what the page shows.
/// </summary>
public sealed partial class PortalPageTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const int Bound = 120_000;

    static PortalPageTests() => SetDefaultExpectTimeout(15_000);

    [Fact(Timeout = Bound)]
    public async Task Create_ThreeMistakes_ShowsEachBesideItsFieldAndCreatesNothing()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);

        await PortalSession.OpenCreateFormAsync(page, "Shop_Dev", "i-0abc12345def67890");
        await page.GetByLabel("App port").FillAsync("70000");
        await page.GetByLabel("CPU target (%)").FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByLabel("Environment id")).ToHaveAccessibleDescriptionAsync(new Regex("must be 3 to 20 characters"));
        await Expect(page.GetByLabel("App port")).ToHaveAccessibleDescriptionAsync(new Regex(@"\(got 70000\)"));
        await Expect(page.GetByLabel("CPU target (%)")).ToHaveAccessibleDescriptionAsync(new Regex(@"\(got 150\)"));
        await Expect(page.Locator(".field-error .message")).ToHaveCountAsync(3);
        await Expect(page.GetByLabel("Source instance or AMI")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("{")).ToHaveCountAsync(0, new() { Timeout = 1_000 });
        await PortalSession.ScreenshotAsync(page, "create-errors");

        var list = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments", cancellation: TestContext.Current.CancellationToken);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact(Timeout = Bound)]
    public async Task Create_Lab_TimelineGrowsToReadyWithEveryBranchAndShowsUrl()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);

        await PortalSession.OpenCreateFormAsync(page, "shop-dev", "i-0abc12345def67890");
        await page.GetByLabel("App port").FillAsync("5000");
        await page.GetByLabel("Health check path").FillAsync("/status");
        await page.GetByLabel("Alarm e-mails").FillAsync("ops@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop-dev", Exact = true })).ToBeVisibleAsync();
        await Expect(Status(page)).ToHaveTextAsync("CREATING");
        var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Timeline" });

        await backend.AdvanceAsync(TimeSpan.FromSeconds(5));
        await Expect(Bar(timeline, StepNames.WaitAvailable)).ToBeVisibleAsync();
        await Expect(Bar(timeline, StepNames.CreateAlb)).ToBeVisibleAsync();
        await Expect(Bar(timeline, StepNames.CreateAsg)).ToHaveCountAsync(0);

        await backend.AdvanceAsync(TimeSpan.FromSeconds(60));
        await Expect(Bar(timeline, StepNames.CreateLaunchTemplate)).ToBeVisibleAsync();
        await Expect(Status(page)).ToHaveTextAsync("CREATING");

        await backend.AdvanceAsync(TimeSpan.FromSeconds(15));
        await Expect(Status(page)).ToHaveTextAsync("READY");
        foreach (var branch in new[] { WorkflowScript.ImageBranch, WorkflowScript.LoadBalancerBranch, WorkflowScript.LogsBranch })
        {
            await Expect(timeline.GetByRole(AriaRole.Region, new() { Name = $"Branch {branch}" })).ToBeVisibleAsync();
        }
        foreach (var step in StepNames.All)
        {
            await Expect(Bar(timeline, step)).ToBeVisibleAsync();
        }
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = WorkflowScript.Url("shop-dev") })).ToBeVisibleAsync();
        await PortalSession.ScreenshotAsync(page, "timeline-ready", timeline);
        await PortalSession.ScreenshotAsync(page, "environment-ready");
    }

    [Fact(Timeout = Bound)]
    public async Task List_AnotherOwnersEnvironment_HiddenFromDevBShownToAdmin()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Post, "/environments", PortalSession.LabSpec(), TestContext.Current.CancellationToken);

        var devB = await SignedInPageAsync(backend, "dev-b", TestContext.Current.CancellationToken);
        await Expect(devB.GetByRole(AriaRole.Cell, new() { Name = "No environments." })).ToBeVisibleAsync();
        await Expect(devB.GetByRole(AriaRole.Link, new() { Name = "shop-dev", Exact = true })).ToHaveCountAsync(0);
        await devB.GotoAsync("/#/environments/shop-dev");
        await Expect(devB.GetByText("No such environment")).ToBeVisibleAsync();

        var admin = await SignedInPageAsync(backend, "admin", TestContext.Current.CancellationToken);
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { Has = admin.GetByRole(AriaRole.Link, new() { Name = "shop-dev", Exact = true }) });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Cell, new() { Name = "dev-a", Exact = true })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("CREATING");

        await backend.AdvanceAsync(TimeSpan.FromMinutes(2));
        await Expect(row).ToContainTextAsync("READY");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = WorkflowScript.Url("shop-dev") })).ToBeVisibleAsync();
        await admin.GetByLabel("Status filter").SelectOptionAsync("CREATING");
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "No environments." })).ToBeVisibleAsync();
        await admin.GetByLabel("Status filter").SelectOptionAsync("READY");
        await Expect(row).ToBeVisibleAsync();
        await PortalSession.ScreenshotAsync(admin, "list-admin");
    }

    [Fact(Timeout = Bound)]
    public async Task Delete_Confirmed_UndoStepsAppearAndReachesDeleted()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Post, "/environments", PortalSession.LabSpec(), TestContext.Current.CancellationToken);
        await backend.AdvanceAsync(TimeSpan.FromMinutes(2));
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "shop-dev", Exact = true }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("READY");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete shop-dev?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Status(page)).ToHaveTextAsync("READY");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete environment" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("DELETING");

        var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Timeline" });
        await backend.AdvanceAsync(TimeSpan.FromSeconds(10));
        await Expect(Bar(timeline, "CreateAsg.Undo")).ToBeVisibleAsync();
        await backend.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Expect(Status(page)).ToHaveTextAsync("DELETED");
        await Expect(Bar(timeline, "CreateAmi.Undo")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true })).ToHaveCountAsync(0);
        await PortalSession.ScreenshotAsync(page, "timeline-deleted", timeline);

        var list = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments?status=DELETED", cancellation: TestContext.Current.CancellationToken);
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact(Timeout = Bound)]
    public async Task Create_OverActiveEnvironmentQuota_SaysWhichQuotaAndHowMuchIsLeft()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        foreach (var id in new[] { "shop-one", "shop-two", "shop-three" })
        {
            await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Post, "/environments", PortalSession.LabSpec().Replace("\"shop-dev\"", $"\"{id}\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        }
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);
        await PortalSession.OpenCreateFormAsync(page, "shop-four", "i-0abc12345def67890");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Over a quota");
        await Expect(alert.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Quota activeEnvironments: 3 of 3 used, 0 left"]);
        var list = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments", cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(3, list["items"]!.AsArray().Count);
    }

    [Fact(Timeout = Bound)]
    public async Task Create_AdvancedJsonEdited_FormFieldsFollowAndPostTheDocument()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "New environment" }).ClickAsync();
        await page.GetByText("Advanced: the whole spec as JSON").ClickAsync();
        // The lab's example leaves the network to the deployment; this document names one, for the fields to follow.
        var spec = JsonNode.Parse(PortalSession.LabSpec())!.AsObject();
        spec["network"] = new JsonObject { ["vpcId"] = "vpc-0a1b2c3d4e5f67890", ["subnetIds"] = new JsonArray("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002") };
        await page.GetByLabel("Spec JSON").FillAsync(spec.ToJsonString());

        await Expect(page.GetByLabel("Environment id")).ToHaveValueAsync("shop-dev");
        await Expect(page.GetByLabel("Subnets")).ToHaveValueAsync("subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002");
        await Expect(page.GetByLabel("TTL (hours)")).ToHaveValueAsync("72");
        await page.GetByLabel("App port").FillAsync("8080");
        await Expect(page.GetByLabel("Spec JSON")).ToHaveValueAsync(new Regex("\"port\": 8080"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create environment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop-dev", Exact = true })).ToBeVisibleAsync();
        var env = await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Get, "/environments/shop-dev", cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(8080, (int)env["spec"]!["app"]!["port"]!);
        Assert.Equal("rate(1 day)", (string?)env["spec"]!["logs"]!["exportSchedule"]);
    }

    [Fact(Timeout = Bound)]
    public async Task Retry_FailedProvision_ShowsFailureAndRollbackThenReachesReady()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        var spec = PortalSession.LabSpec().Replace("\"shop-dev\"", "\"fail-shop\"", StringComparison.Ordinal);
        await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Post, "/environments", spec, TestContext.Current.CancellationToken);
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "fail-shop", Exact = true }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("CREATING");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);

        await backend.AdvanceAsync(TimeSpan.FromMinutes(3));
        await Expect(Status(page)).ToHaveTextAsync("FAILED");
        var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Timeline" });
        await Expect(Bar(timeline, StepNames.CreateAsg)).ToContainTextAsync("failed");
        await Expect(Bar(timeline, "CreateAmi.Undo")).ToContainTextAsync("succeeded");
        await Expect(page.GetByText(WorkflowScript.FailureCause).First).ToBeVisibleAsync();
        await PortalSession.ScreenshotAsync(page, "timeline-rolled-back", timeline);

        await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(Status(page)).ToHaveTextAsync("CREATING");
        await backend.AdvanceAsync(TimeSpan.FromMinutes(3));
        await Expect(Status(page)).ToHaveTextAsync("READY");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = WorkflowScript.Url("fail-shop") })).ToBeVisibleAsync();
    }

    [Fact(Timeout = Bound)]
    public async Task Extend_Hours_ExpiresInGrowsByThem()
    {
        await using var backend = await PortalFixture.StartBackendAsync();
        await PortalSession.ApiAsync(backend, "dev-a", HttpMethod.Post, "/environments", PortalSession.LabSpec(), TestContext.Current.CancellationToken);
        await backend.AdvanceAsync(TimeSpan.FromMinutes(2));
        var page = await SignedInPageAsync(backend, "dev-a", TestContext.Current.CancellationToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "shop-dev", Exact = true }).ClickAsync();
        var expiresIn = page.GetByRole(AriaRole.Definition).Filter(new() { HasTextRegex = new Regex(@"^\d+d \d+h$") });
        await Expect(expiresIn).ToHaveTextAsync(new Regex("^2d 23h$"));

        await page.GetByLabel("Extend by hours").FillAsync("48");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Extend: accepted.");
        await Expect(expiresIn).ToHaveTextAsync(new Regex("^4d 23h$"));
    }

    [Fact(Timeout = Bound)]
    public async Task SignIn_NoLocalUsers_PastedTokenByKeyboardSignsInForTheTabOnly()
    {
        await using var backend = await PortalFixture.StartBackendAsync(servesLocalUsers: false);
        var page = await fixture.NewPageAsync(backend, TestContext.Current.CancellationToken);
        await page.GotoAsync("/");
        var token = page.GetByLabel("Token");
        await Expect(token).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Local user")).ToHaveCountAsync(0);

        await token.FillAsync("not-a-token");
        await token.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with token" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The token was not accepted");

        await token.FillAsync(backend.Users["dev-b"]);
        await token.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("Signed in as dev-b")).ToBeVisibleAsync();
        Assert.Equal(backend.Users["dev-b"], await page.EvaluateAsync<string>("() => sessionStorage.getItem('provisioner.token')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
    }

    private async Task<IPage> SignedInPageAsync(IPortalBackend backend, string user, CancellationToken cancellation)
    {
        var page = await fixture.NewPageAsync(backend, cancellation);
        await PortalSession.SignInAsync(page, user);
        return page;
    }
}
