using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Aws.StepFunctions;

namespace Provisioner.Aws.Tests.Moto;

/// <summary>Pages really follow NextToken/Marker: small pages over more items than fit in one.</summary>
public sealed class PagingMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task DescribeLogGroups_SmallPages_AllGroupsOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await Aws.CloudWatchLogs.CreateLogGroupAsync($"/provisioner/env{i}/app", cancellationToken: Ct);
        }
        var first = await Aws.CloudWatchLogs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/provisioner/", Limit = 2 }, Ct);
        Assert.Equal(2, first.LogGroups.Count);
        Assert.NotNull(first.NextToken);

        var all = await Aws.CloudWatchLogs.DescribeAllLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/provisioner/", Limit = 2 }, Ct).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"/provisioner/env{i}/app"), all.Select(g => g.LogGroupName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DescribeTargetGroups_SmallPages_AllGroupsOnce()
    {
        var (vpcId, _) = await Moto.DefaultNetworkAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            await Aws.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest { Name = $"prov-env{i}-tg", Port = 5000, VpcId = vpcId }, Ct);
        }
        var all = await Aws.ElbV2.DescribeAllTargetGroupsAsync(new DescribeTargetGroupsRequest { PageSize = 1 }, Ct).ToListAsync(Ct);
        Assert.Equal(["prov-env0-tg", "prov-env1-tg", "prov-env2-tg"], all.Select(g => g.TargetGroupName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DescribeAlarms_SmallPages_AllAlarmsOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            await Aws.CloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
            {
                AlarmName = $"prov-env-alarm{i}", Namespace = "AWS/EC2", MetricName = "CPUUtilization", Statistic = "Average",
                Period = 60, EvaluationPeriods = 1, Threshold = 50, ComparisonOperator = "GreaterThanThreshold",
            }, Ct);
        }
        var all = await Aws.CloudWatch.DescribeAllAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = "prov-env-", MaxRecords = 1 }, Ct).ToListAsync(Ct);
        Assert.Equal(["prov-env-alarm0", "prov-env-alarm1", "prov-env-alarm2"], all.Select(a => a.AlarmName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListExecutions_SmallPages_AllExecutionsOnce()
    {
        var machine = await Aws.StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "paging",
            Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""",
            RoleArn = "arn:aws:iam::123456789012:role/sfn",
        }, Ct);
        for (var i = 0; i < 3; i++)
        {
            await Aws.StepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine.StateMachineArn, Name = $"run-{i}" }, Ct);
        }
        var all = await Aws.StepFunctions.ListAllExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine.StateMachineArn, MaxResults = 1 }, Ct).ToListAsync(Ct);
        Assert.Equal(["run-0", "run-1", "run-2"], all.Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}
