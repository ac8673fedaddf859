using Provisioner.Core.Naming;

namespace Provisioner.Core.Tests.Naming;

public sealed class ResourceNamesTests
{
    [Fact]
    public void For_LabEnvironment_GivesTheDocumentedNames()
    {
        var names = ResourceNames.For("shop-dev");

        Assert.Equal("prov-shop-dev-tg", names.TargetGroup);
        Assert.Equal("prov-shop-dev-alb", names.LoadBalancer);
        Assert.Equal("prov-shop-dev-asg", names.AutoScalingGroup);
        Assert.Equal("/provisioner/shop-dev/app", names.LogGroup);
        Assert.Equal(3, names.Alarms.Count);
    }

    [Fact]
    public void Schedules_IncludeSleepAndWake()
    {
        var names = ResourceNames.For("shop-dev");

        Assert.Equal("prov-shop-dev-sleep", names.SleepSchedule);
        Assert.Equal("prov-shop-dev-wake", names.WakeSchedule);
        Assert.Contains(names.SleepSchedule, names.Schedules);
        Assert.Contains(names.WakeSchedule, names.Schedules);
        Assert.Equal("prov-shop-dev-wake-check", names.WakeCheckSchedule);
        Assert.Contains(names.WakeCheckSchedule, names.Schedules);
        Assert.Contains(names.LogExportSchedule, names.Schedules);
        Assert.Equal(names.Schedules.Count, names.Schedules.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a234567890123456789z")]
    [InlineData("a-b-c-d-e-f-g-h-i-j")]
    public void For_AnyValidId_EveryNameSatisfiesItsAwsRule(string environmentId)
    {
        AwsNameRules.AssertAll(ResourceNames.For(environmentId));
    }

    [Fact]
    public void ClientToken_IsStablePerStepAndAtMost64Chars()
    {
        var names = ResourceNames.For("a234567890123456789z");

        Assert.Equal(names.ClientToken("CreateLaunchTemplate"), ResourceNames.For("a234567890123456789z").ClientToken("CreateLaunchTemplate"));
        Assert.NotEqual(names.ClientToken("CreateLaunchTemplate"), names.ClientToken("CreateAsg"));
        Assert.True(names.ClientToken(new string('s', 100)).Length <= 64);
    }

    [Fact]
    public void Tags_CarryEnvironmentManagedAndStep()
    {
        var tags = ResourceTags.For("shop-dev", StepNames.CreateAlb, "prov-shop-dev-alb");

        Assert.Equal("shop-dev", tags["provisioner:environment"]);
        Assert.Equal("true", tags["provisioner:managed"]);
        Assert.Equal("CreateAlb", tags["provisioner:step"]);
        Assert.Equal("prov-shop-dev-alb", tags["Name"]);
        Assert.Equal(("1", "prov"), (tags["provisioner:generation"], tags["provisioner:deployment"]));
        Assert.Equal(ResourceTags.ManagedTagCount, tags.Count);
    }
}
