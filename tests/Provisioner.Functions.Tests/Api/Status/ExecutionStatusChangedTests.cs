using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api.Status;

public sealed class ExecutionStatusChangedTests
{
    private readonly ApiHarness _h = new();

    [Theory]
    [InlineData(ExecutionStatus.Succeeded, null, EnvironmentStatus.Ready)]
    [InlineData(ExecutionStatus.Failed, "CreateAlb.Failed", EnvironmentStatus.Failed)]
    [InlineData(ExecutionStatus.Failed, "RollbackFailed", EnvironmentStatus.RollbackFailed)]
    [InlineData(ExecutionStatus.TimedOut, null, EnvironmentStatus.RollbackFailed)]
    [InlineData(ExecutionStatus.Aborted, null, EnvironmentStatus.RollbackFailed)]
    public async Task ApplyAsync_ProvisionOutcome_StatusAsTheTableSays(string outcome, string? error, string expected)
    {
        await _h.PostAsync("/environments", Spec(), DevA);

        await _h.FinishAsync("shop-dev", outcome, error);

        var record = (await _h.Registry.GetAsync("shop-dev", Ct))!;
        Assert.Equal(expected, record.Status);
        Assert.Equal(StatusTable.For(ExecutionKind.Provision, outcome, error)!.Reason, record.StatusReason);
        Assert.Equal(EnvironmentStatus.IsActive(expected) ? 1 : 0, (await _h.Registry.UsageAsync("dev-a", Ct)).ActiveEnvironments);
    }

    [Fact]
    public async Task ApplyAsync_RunningOrUnknownExecution_NothingChanges()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var before = await _h.Registry.GetAsync("shop-dev", Ct);

        Assert.Equal(StatusChangeResult.NotFinal, await _h.Status.ApplyAsync(new(before!.ExecutionArn!, ExecutionStatus.Running), Ct));
        Assert.Equal(StatusChangeResult.NotCurrent, await _h.Status.ApplyAsync(new("arn:aws:states:us-east-1:1:execution:p:shop-dev-g7-provision-1", ExecutionStatus.Succeeded), Ct));
        Assert.Equal(StatusChangeResult.NotCurrent, await _h.Status.ApplyAsync(new("arn:aws:states:us-east-1:1:execution:p:by-hand", ExecutionStatus.Succeeded), Ct));
        Assert.Equal(before, await _h.Registry.GetAsync("shop-dev", Ct));
    }

    [Fact]
    public void StatusTable_EveryKindAndOutcome_HasARule()
    {
        foreach (var kind in (string[])[ExecutionKind.Provision, ExecutionKind.Teardown])
        {
            foreach (var outcome in (string[])[ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Aborted])
            {
                Assert.NotNull(StatusTable.For(kind, outcome, null));
            }
        }
    }

    [Fact]
    public void StatusTable_Readme_ListsEveryRuleWithItsStatusAndReason()
    {
        var readme = File.ReadAllText(Path.Combine(Provisioner.Functions.Tests.Runtime.PublishedBootstrap.RepositoryRoot(), "README.md"));
        var rows = readme.Split('\n')
            .Where(l => l.StartsWith("| provision |", StringComparison.Ordinal) || l.StartsWith("| teardown |", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .Select(c => (Kind: c[0], Status: c[2], Reason: c[3]))
            .ToList();

        Assert.Equal(StatusTable.Rules.Select(r => (r.Kind, r.Status, r.Reason)), rows);
    }
}
