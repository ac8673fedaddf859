using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.Sns;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

public sealed record CreateAlarmsInput(EnvironmentSpec Spec, string LoadBalancerArn, string TargetGroupArn);

public sealed record CreateAlarmsOutput(string TopicArn, IReadOnlyList<string> AlarmNames, string DashboardName);

/// <summary>
/// Monitoring: the environment's SNS topic (with the spec's e-mail subscriptions), a CPU-high alarm on the
/// Auto Scaling group, unhealthy-host and 5xx alarms on the target group and load balancer, and a dashboard.
/// Every call is an upsert by name (CreateTopic, Subscribe, PutMetricAlarm, PutDashboard), so a retried Run
/// converges on the same resources.
/// </summary>
public sealed class CreateAlarms(ICloudWatchClient cloudWatch, ISnsClient sns, StepSettings? settings = null)
{
    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    private const string Step = StepNames.CreateAlarms;

    /// <summary>Alarm period: one minute, the finest standard resolution.</summary>
    public const int PeriodSeconds = 60;

    /// <summary>Load balancer 5xx answers per minute that count as an incident.</summary>
    public const int Http5xxPerMinute = 10;

    public async Task<CreateAlarmsOutput> RunAsync(CreateAlarmsInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = _settings.OwnerOf(spec);
        var names = owner.Names;
        // PutMetricAlarm and CreateTopic are upserts by name: claim what exists first, so another generation's or
        // deployment's alarms are refused, never overwritten.
        var existing = await FindAsync(names, cancellationToken).ConfigureAwait(false);
        foreach (var (name, tags) in existing.Alarms)
        {
            Ownership.Claim(owner, tags, "alarm", name);
        }
        if (existing.Topic is { } found)
        {
            Ownership.Claim(owner, found.Tags, "SNS topic", names.AlertTopic);
        }
        var topicArn = await sns.CreateTopicAsync(names.AlertTopic, owner.Tags(Step, names.AlertTopic), cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(topicArn, spec.Alarms.NotifyEmails, cancellationToken).ConfigureAwait(false);

        foreach (var alarm in Alarms(owner, spec, input.LoadBalancerArn, input.TargetGroupArn, topicArn))
        {
            await cloudWatch.PutMetricAlarmAsync(alarm, cancellationToken).ConfigureAwait(false);
        }
        await cloudWatch.PutDashboardAsync(names.Dashboard, DashboardBody(spec, names, input.LoadBalancerArn, input.TargetGroupArn), cancellationToken).ConfigureAwait(false);
        return new CreateAlarmsOutput(topicArn, names.Alarms, names.Dashboard);
    }

    /// <summary>
    /// Deletes only what the ownership rule calls ours: each alarm and the topic by their tags. A dashboard cannot
    /// carry tags, so it goes with the alarms: it is deleted unless an alarm or the topic of its name belongs to
    /// another generation (then the dashboard is that live environment's).
    /// </summary>
    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var names = owner.Names;
        var existing = await FindAsync(names, cancellationToken).ConfigureAwait(false);
        var ours = existing.Alarms.Where(a => Ownership.MayDelete(owner, a.Tags)).Select(a => a.Name).ToList();
        var topicIsOurs = existing.Topic is { } topic && Ownership.MayDelete(owner, topic.Tags);
        var someoneElses = ours.Count < existing.Alarms.Count || (existing.Topic is not null && !topicIsOurs);
        if (ours.Count > 0)
        {
            await cloudWatch.DeleteAlarmsAsync(ours, cancellationToken).ConfigureAwait(false);
        }
        if (!someoneElses)
        {
            try
            {
                await cloudWatch.DeleteDashboardsAsync([names.Dashboard], cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Never made, or already deleted.
            }
        }
        if (topicIsOurs)
        {
            await sns.DeleteTopicAsync(existing.Topic!.Value.Arn, cancellationToken).ConfigureAwait(false);
        }
        return UndoResult.Done;
    }

    private sealed record Existing(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Tags)> Alarms, (string Arn, IReadOnlyDictionary<string, string> Tags)? Topic);

    /// <summary>The environment's alarms and topic that exist, each with its tags (a resource gone between the list and its tags is left out).</summary>
    private async Task<Existing> FindAsync(ResourceNames names, CancellationToken cancellationToken)
    {
        var described = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = names.Alarms }, cancellationToken).ConfigureAwait(false);
        var alarms = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var alarm in described.MetricAlarms.Where(a => names.Alarms.Contains(a.AlarmName)))
        {
            if (alarm.AlarmArn is { } arn && await TagsOrNullAsync(() => cloudWatch.ListTagsForResourceAsync(arn, cancellationToken)).ConfigureAwait(false) is { } tags)
            {
                alarms.Add((alarm.AlarmName, tags));
            }
        }
        // SNS has no lookup by name: an alarm that notifies the topic names its ARN, else the account's topic list does.
        var suffix = ":" + names.AlertTopic;
        var topicArn = described.MetricAlarms.SelectMany(a => a.AlarmActions).FirstOrDefault(a => a.EndsWith(suffix, StringComparison.Ordinal));
        if (topicArn is null)
        {
            await foreach (var arn in sns.ListAllTopicsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (arn.EndsWith(suffix, StringComparison.Ordinal))
                {
                    topicArn = arn;
                    break;
                }
            }
        }
        var topicTags = topicArn is null ? null : await TagsOrNullAsync(() => sns.ListTagsForResourceAsync(topicArn, cancellationToken)).ConfigureAwait(false);
        return new Existing(alarms, topicTags is null ? null : (topicArn!, topicTags));
    }

    private static async Task<IReadOnlyDictionary<string, string>?> TagsOrNullAsync(Func<Task<IReadOnlyDictionary<string, string>>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    internal static IReadOnlyList<PutMetricAlarmRequest> Alarms(ResourceOwner owner, EnvironmentSpec spec, string loadBalancerArn, string targetGroupArn, string topicArn)
    {
        var names = owner.Names;
        var tags = owner.Tags(Step);
        var loadBalancer = new MetricDimension("LoadBalancer", ArnResource(loadBalancerArn, "loadbalancer/"));
        var targetGroup = new MetricDimension("TargetGroup", ArnResource(targetGroupArn, "targetgroup"));
        var evaluation = spec.Alarms.EvaluationPeriods;
        return
        [
            new PutMetricAlarmRequest
            {
                AlarmName = names.CpuHighAlarm,
                AlarmDescription = $"Provisioner {spec.EnvironmentId}: average CPU of the Auto Scaling group above {spec.Alarms.CpuHighPercent} %",
                Namespace = "AWS/EC2",
                MetricName = "CPUUtilization",
                Dimensions = [new MetricDimension("AutoScalingGroupName", names.AutoScalingGroup)],
                Statistic = "Average",
                Period = PeriodSeconds,
                EvaluationPeriods = evaluation,
                Threshold = spec.Alarms.CpuHighPercent,
                ComparisonOperator = "GreaterThanThreshold",
                TreatMissingData = "missing",
                AlarmActions = [topicArn],
                OkActions = [topicArn],
                Tags = tags,
            },
            new PutMetricAlarmRequest
            {
                AlarmName = names.UnhealthyHostsAlarm,
                AlarmDescription = $"Provisioner {spec.EnvironmentId}: at least one unhealthy target behind the load balancer",
                Namespace = "AWS/ApplicationELB",
                MetricName = "UnHealthyHostCount",
                Dimensions = [targetGroup, loadBalancer],
                Statistic = "Maximum",
                Period = PeriodSeconds,
                EvaluationPeriods = evaluation,
                Threshold = 0,
                ComparisonOperator = "GreaterThanThreshold",
                TreatMissingData = "notBreaching",
                AlarmActions = [topicArn],
                OkActions = [topicArn],
                Tags = tags,
            },
            new PutMetricAlarmRequest
            {
                AlarmName = names.Http5xxAlarm,
                AlarmDescription = $"Provisioner {spec.EnvironmentId}: the load balancer answered {Http5xxPerMinute} or more 5xx per minute",
                Namespace = "AWS/ApplicationELB",
                MetricName = "HTTPCode_ELB_5XX_Count",
                Dimensions = [loadBalancer],
                Statistic = "Sum",
                Period = PeriodSeconds,
                EvaluationPeriods = evaluation,
                Threshold = Http5xxPerMinute,
                ComparisonOperator = "GreaterThanOrEqualToThreshold",
                // No 5xx answers means no data points: that is the healthy case.
                TreatMissingData = "notBreaching",
                AlarmActions = [topicArn],
                OkActions = [topicArn],
                Tags = tags,
            },
        ];
    }

    /// <summary>The dashboard: CPU and instance count, requests and target health, 5xx, and the alarms.</summary>
    internal static string DashboardBody(EnvironmentSpec spec, ResourceNames names, string loadBalancerArn, string targetGroupArn)
    {
        var region = ArnRegion(loadBalancerArn);
        var loadBalancer = ArnResource(loadBalancerArn, "loadbalancer/");
        var targetGroup = ArnResource(targetGroupArn, "targetgroup");
        JsonObject Metric(string title, int x, int y, params JsonArray[] metrics) => new()
        {
            ["type"] = "metric",
            ["x"] = x,
            ["y"] = y,
            ["width"] = 12,
            ["height"] = 6,
            ["properties"] = new JsonObject
            {
                ["title"] = title,
                ["region"] = region,
                ["stat"] = "Average",
                ["period"] = PeriodSeconds,
                ["view"] = "timeSeries",
                ["metrics"] = new JsonArray([.. metrics]),
            },
        };
        var body = new JsonObject
        {
            ["widgets"] = new JsonArray(
                Metric($"{spec.EnvironmentId}: CPU (Auto Scaling group)", 0, 0,
                    new JsonArray("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", names.AutoScalingGroup)),
                Metric($"{spec.EnvironmentId}: requests", 12, 0,
                    new JsonArray("AWS/ApplicationELB", "RequestCount", "LoadBalancer", loadBalancer, new JsonObject { ["stat"] = "Sum" })),
                Metric($"{spec.EnvironmentId}: targets", 0, 6,
                    new JsonArray("AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", targetGroup, "LoadBalancer", loadBalancer),
                    new JsonArray("AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", targetGroup, "LoadBalancer", loadBalancer)),
                Metric($"{spec.EnvironmentId}: 5xx", 12, 6,
                    new JsonArray("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", loadBalancer, new JsonObject { ["stat"] = "Sum" }),
                    new JsonArray("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", loadBalancer, new JsonObject { ["stat"] = "Sum" })),
                new JsonObject
                {
                    ["type"] = "alarm",
                    ["x"] = 0,
                    ["y"] = 12,
                    ["width"] = 24,
                    ["height"] = 3,
                    ["properties"] = new JsonObject
                    {
                        ["title"] = $"{spec.EnvironmentId}: alarms",
                        ["alarms"] = new JsonArray([.. names.Alarms.Select(a => (JsonNode)AlarmArn(loadBalancerArn, a))]),
                    },
                }),
        };
        return body.ToJsonString();
    }

    private async Task SubscribeAsync(string topicArn, IReadOnlyList<string> emails, CancellationToken cancellationToken)
    {
        if (emails.Count == 0)
        {
            return;
        }
        // Subscribe again only addresses not subscribed yet: a repeated Subscribe would not duplicate the
        // subscription, but it would send the recipient another confirmation e-mail.
        var subscribed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? next = null;
        do
        {
            var page = await sns.ListSubscriptionsByTopicAsync(topicArn, next, cancellationToken).ConfigureAwait(false);
            subscribed.UnionWith(page.Subscriptions.Where(s => s.Protocol == "email").Select(s => s.Endpoint));
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        foreach (var email in emails.Where(e => !subscribed.Contains(e)))
        {
            await sns.SubscribeAsync(topicArn, "email", email, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The part of an ELBv2 ARN CloudWatch uses as a dimension: <c>app/name/id</c> or <c>targetgroup/name/id</c>.</summary>
    internal static string ArnResource(string arn, string marker)
    {
        var index = arn.IndexOf(':' + marker, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new StepFailedException(StepErrors.BadInput, $"'{arn}' is not an Elastic Load Balancing ARN containing ':{marker}'.");
        }
        var resource = arn[(index + 1)..];
        return marker == "loadbalancer/" ? resource["loadbalancer/".Length..] : resource;
    }

    internal static string ArnRegion(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 3 && parts[3].Length > 0
            ? parts[3]
            : throw new StepFailedException(StepErrors.BadInput, $"'{arn}' is not an ARN with a region.");
    }

    private static string AlarmArn(string anyArnInTheAccount, string alarmName)
    {
        var parts = anyArnInTheAccount.Split(':');
        return $"arn:{parts[1]}:cloudwatch:{parts[3]}:{parts[4]}:alarm:{alarmName}";
    }
}
