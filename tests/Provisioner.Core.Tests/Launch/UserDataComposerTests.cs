using Provisioner.Core.Launch;
using Provisioner.Core.Spec;

namespace Provisioner.Core.Tests.Launch;

public sealed class UserDataComposerTests
{
    [Fact]
    public void Compose_AgentPartFirstThenUserPart_AsMultipartMime()
    {
        var composed = UserDataComposer.Compose("shop-dev", new AppSpec(), "#!/bin/bash\necho app\n");

        var agent = composed.IndexOf("cloudwatch-agent.sh", StringComparison.Ordinal);
        var app = composed.IndexOf("echo app", StringComparison.Ordinal);
        Assert.StartsWith("Content-Type: multipart/mixed; boundary=\"" + UserDataComposer.Boundary + "\"", composed, StringComparison.Ordinal);
        Assert.True(agent > 0 && app > agent);
        Assert.Contains("\"log_group_name\":\"/provisioner/shop-dev/app\"", composed, StringComparison.Ordinal);
        Assert.Contains("\"file_path\":\"/var/log/app/app.log\"", composed, StringComparison.Ordinal);
        Assert.EndsWith("--" + UserDataComposer.Boundary + "--\n", composed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#!/bin/sh\n", "text/x-shellscript")]
    [InlineData("#cloud-config\n", "text/cloud-config")]
    [InlineData("#cloud-boothook\n", "text/cloud-boothook")]
    [InlineData("#include\nhttps://example.com/x\n", "text/x-include-url")]
    public void Compose_UserPart_GetsTheContentTypeItsMarkerNeeds(string userData, string contentType)
    {
        var composed = UserDataComposer.Compose("shop-dev", new AppSpec(), userData);

        Assert.Contains("Content-Type: " + contentType, composed, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_NoUserData_OnlyTheAgentPart()
    {
        var composed = UserDataComposer.Compose("shop-dev", new AppSpec(), null);

        Assert.Equal(2, composed.Split("--" + UserDataComposer.Boundary).Length - 1);
    }
}
