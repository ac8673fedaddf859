using Provisioner.Core.Naming;

namespace Provisioner.Core.Tests.Naming;

public sealed class ResourceOwnerTests
{
    [Fact]
    public void Judge_TagsOfTheSameGenerationAndDeployment_AreOurs()
    {
        var owner = new ResourceOwner("shop-dev", "stack-a", generation: 2);

        Assert.Equal(OwnershipVerdict.Ours, owner.Judge(ResourceTags.For("shop-dev", StepNames.CreateAlb, deployment: "stack-a", generation: 2)));
    }

    [Fact]
    public void Judge_AnotherGeneration_IsOtherGeneration()
    {
        var owner = new ResourceOwner("shop-dev", "stack-a", generation: 2);

        Assert.Equal(OwnershipVerdict.OtherGeneration, owner.Judge(ResourceTags.For("shop-dev", StepNames.CreateAlb, deployment: "stack-a", generation: 1)));
    }

    [Fact]
    public void Judge_AnotherDeployment_IsOtherDeploymentWhateverTheGeneration()
    {
        var rollback = new ResourceOwner("shop-dev", "stack-a", generation: 1);
        var teardown = new ResourceOwner("shop-dev", "stack-a");
        var tags = ResourceTags.For("shop-dev", StepNames.CreateAlb, deployment: "stack-b", generation: 1);

        Assert.Equal(OwnershipVerdict.OtherDeployment, rollback.Judge(tags));
        Assert.Equal(OwnershipVerdict.OtherDeployment, teardown.Judge(tags));
    }

    [Fact]
    public void Judge_WithoutAGeneration_EveryGenerationOfTheDeploymentIsOurs()
    {
        var teardown = new ResourceOwner("shop-dev", "stack-a");

        Assert.Equal(OwnershipVerdict.Ours, teardown.Judge(ResourceTags.For("shop-dev", StepNames.CreateAlb, deployment: "stack-a", generation: 1)));
        Assert.Equal(OwnershipVerdict.Ours, teardown.Judge(ResourceTags.For("shop-dev", StepNames.CreateAlb, deployment: "stack-a", generation: 7)));
    }

    [Fact]
    public void Judge_AnotherEnvironmentOrUnmanagedOrNoTags_IsForeign()
    {
        var owner = new ResourceOwner("shop-dev");
        var unmanaged = new Dictionary<string, string>(ResourceTags.For("shop-dev", StepNames.CreateAlb)) { [ResourceTags.ManagedKey] = "false" };

        Assert.Equal(OwnershipVerdict.Foreign, owner.Judge(ResourceTags.For("shop-prod", StepNames.CreateAlb)));
        Assert.Equal(OwnershipVerdict.Foreign, owner.Judge(unmanaged));
        Assert.Equal(OwnershipVerdict.Foreign, owner.Judge((IReadOnlyDictionary<string, string>?)null));
    }

    [Theory]
    [InlineData("shop-dev-g2-provision-1", 2)]
    [InlineData("shop-dev-g17-teardown-3", 17)]
    [InlineData("shop-dev-g0-provision-1", 1)]
    [InlineData("shop-dev-gx-provision-1", 1)]
    [InlineData("shop-dev-g2", 1)]
    [InlineData("my-own-run", 1)]
    [InlineData(null, 1)]
    public void GenerationFromExecutionName_ApiNamesCarryIt_OtherNamesGiveTheFirst(string? name, int expected)
    {
        Assert.Equal(expected, ResourceOwner.GenerationFromExecutionName(name, "shop-dev"));
    }

    [Fact]
    public void Tags_CarryGenerationAndDeployment()
    {
        var tags = new ResourceOwner("shop-dev", "stack-a", generation: 3).Tags(StepNames.CreateAmi, "x");

        Assert.Equal(("3", "stack-a"), (tags[ResourceTags.GenerationKey], tags[ResourceTags.DeploymentKey]));
        Assert.Equal(ResourceTags.ManagedTagCount, tags.Count);
    }

    [Theory]
    [InlineData("p", true)]
    [InlineData("prov", true)]
    [InlineData("abcdefg", true)]
    [InlineData("abcdefgh", false)]
    [InlineData("", false)]
    [InlineData("1abc", false)]
    [InlineData("Prov", false)]
    [InlineData("pr-v", false)]
    public void IsValidPrefix_AtMostSevenLowercaseLettersOrDigitsALetterFirst(string prefix, bool valid)
    {
        Assert.Equal(valid, ResourceNames.IsValidPrefix(prefix));
    }

    [Fact]
    public void For_LongestPrefixAndLongestId_EveryNameSatisfiesItsAwsRule()
    {
        var names = ResourceNames.For("a234567890123456789z", "abcdefg");

        AwsNameRules.AssertAll(names);
        Assert.Equal("abcdefg-a234567890123456789z-alb", names.LoadBalancer);
        Assert.Equal("/provisioner/abcdefg/a234567890123456789z/app", names.LogGroup);
    }

    [Fact]
    public void For_InvalidPrefix_ThrowsNamingTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() => ResourceNames.For("shop-dev", "toolongprefix"));

        Assert.Contains("1-7 characters", error.Message, StringComparison.Ordinal);
    }
}
