using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.Ec2;
using Provisioner.Aws.ElasticLoadBalancing;

namespace Provisioner.Aws.Tests.Moto;

public sealed class AutoScalingMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Group_CreateDescribeUpdatePolicyActivitiesDelete_RoundTrips()
    {
        var (vpcId, subnets) = await Moto.DefaultNetworkAsync(Ct);
        var ami = (await Aws.Ec2.DescribeImagesAsync(new DescribeImagesRequest(), Ct))[0].ImageId;
        var template = await Aws.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "prov-shop-dev-lt",
            ImageId = ami,
            InstanceType = "t3.micro",
        }, Ct);
        var tg = await Aws.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest { Name = "prov-shop-dev-tg", Port = 5000, VpcId = vpcId }, Ct);

        await Aws.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = "prov-shop-dev-asg",
            LaunchTemplate = new LaunchTemplateSpecification(template.LaunchTemplateId, null, "$Latest"),
            MinSize = 0,
            MaxSize = 3,
            DesiredCapacity = 1,
            SubnetIds = subnets,
            TargetGroupArns = [tg.TargetGroupArn],
            HealthCheckType = "ELB",
            HealthCheckGracePeriod = 300,
            Tags = [new AutoScalingTag("provisioner:environment", "shop-dev", true)],
        }, Ct);

        var group = Assert.Single((await Aws.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = ["prov-shop-dev-asg"] }, Ct)).AutoScalingGroups);
        Assert.Equal(1, group.DesiredCapacity);
        Assert.Equal(3, group.MaxSize);
        Assert.Equal("ELB", group.HealthCheckType);
        Assert.Equal(template.LaunchTemplateId, group.LaunchTemplate!.LaunchTemplateId);
        Assert.Equal([tg.TargetGroupArn], group.TargetGroupArns);
        Assert.Single(group.Instances);
        var tag = Assert.Single(group.Tags, t => t.Key == "provisioner:environment");
        Assert.True(tag.PropagateAtLaunch);

        var byTag = await Aws.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { Filters = [AutoScalingFilter.Tag("provisioner:environment", "shop-dev")] }, Ct);
        Assert.Equal("prov-shop-dev-asg", Assert.Single(byTag.AutoScalingGroups).AutoScalingGroupName);

        await Aws.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest { AutoScalingGroupName = "prov-shop-dev-asg", DesiredCapacity = 2 }, Ct);
        var updated = Assert.Single((await Aws.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = ["prov-shop-dev-asg"] }, Ct)).AutoScalingGroups);
        Assert.Equal(2, updated.DesiredCapacity);

        var policyArn = await Aws.AutoScaling.PutScalingPolicyAsync(new PutScalingPolicyRequest
        {
            AutoScalingGroupName = "prov-shop-dev-asg",
            PolicyName = "prov-shop-dev-cpu-target",
            TargetTrackingConfiguration = new TargetTrackingConfiguration("ASGAverageCPUUtilization", 50),
            EstimatedInstanceWarmup = 300,
        }, Ct);
        Assert.StartsWith("arn:aws:autoscaling:", policyArn);
        var policy = Assert.Single((await Aws.AutoScaling.DescribePoliciesAsync(new DescribePoliciesRequest { AutoScalingGroupName = "prov-shop-dev-asg" }, Ct)).ScalingPolicies);
        Assert.Equal("TargetTrackingScaling", policy.PolicyType);
        Assert.Equal(50, policy.TargetTrackingConfiguration!.TargetValue);
        Assert.Equal("ASGAverageCPUUtilization", policy.TargetTrackingConfiguration.PredefinedMetricType);

        var activities = await Aws.AutoScaling.DescribeScalingActivitiesAsync(new DescribeScalingActivitiesRequest { AutoScalingGroupName = "prov-shop-dev-asg" }, Ct);
        Assert.NotNull(activities.Activities);

        await Aws.AutoScaling.DeletePolicyAsync("prov-shop-dev-asg", "prov-shop-dev-cpu-target", Ct);
        Assert.Empty((await Aws.AutoScaling.DescribePoliciesAsync(new DescribePoliciesRequest { AutoScalingGroupName = "prov-shop-dev-asg" }, Ct)).ScalingPolicies);

        await Aws.AutoScaling.DeleteAutoScalingGroupAsync("prov-shop-dev-asg", forceDelete: true, Ct);
        Assert.Empty((await Aws.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = ["prov-shop-dev-asg"] }, Ct)).AutoScalingGroups);
    }

    [Fact]
    public async Task UpdateAutoScalingGroup_MissingGroup_IsValidationErrorRecognisedAsNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Aws.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest { AutoScalingGroupName = "prov-missing-asg", DesiredCapacity = 1 }, Ct));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.True(error.IsNotFound);
    }
}
