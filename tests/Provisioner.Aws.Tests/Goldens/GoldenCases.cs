using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.CertificateManager;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Aws.Scheduler;
using Provisioner.Aws.StepFunctions;

namespace Provisioner.Aws.Tests.Goldens;

/// <summary>
/// The same calls as scripts/goldens/generate.py makes with botocore, case by case (same names, same
/// parameters), made with our clients. GoldenTests compares the two requests.
/// </summary>
internal static class GoldenCases
{
    private const string Account = "123456789012";
    private const string Region = "us-east-1";
    private const string TgArn = $"arn:aws:elasticloadbalancing:{Region}:{Account}:targetgroup/prov-shop-dev-tg/0123456789abcdef";
    private const string LbArn = $"arn:aws:elasticloadbalancing:{Region}:{Account}:loadbalancer/app/prov-shop-dev-alb/0123456789abcdef";
    private const string ListenerArn = $"arn:aws:elasticloadbalancing:{Region}:{Account}:listener/app/prov-shop-dev-alb/0123456789abcdef/fedcba9876543210";
    private const string RuleArn = $"arn:aws:elasticloadbalancing:{Region}:{Account}:listener-rule/app/prov-shop-dev-alb/0123456789abcdef/fedcba9876543210/0011223344556677";
    private const string CertArn = $"arn:aws:acm:{Region}:{Account}:certificate/11111111-2222-3333-4444-555555555555";
    private const string TopicArn = $"arn:aws:sns:{Region}:{Account}:prov-shop-dev-alerts";
    private const string SmArn = $"arn:aws:states:{Region}:{Account}:stateMachine:provision";
    private const string ExecArn = $"arn:aws:states:{Region}:{Account}:execution:provision:shop-dev-create-1";
    private const string RoleArn = $"arn:aws:iam::{Account}:role/provisioner";
    private const string LogGroup = "/provisioner/shop-dev/app";
    private const string LogGroupArn = $"arn:aws:logs:{Region}:{Account}:log-group:{LogGroup}";
    private const string Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""";
    private const string CertPem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIIBfake\n-----END PRIVATE KEY-----\n";
    private const string ChainPem = "-----BEGIN CERTIFICATE-----\nMIIBchain\n-----END CERTIFICATE-----\n";

    private static Dictionary<string, string> EnvTags() => new() { ["provisioner:environment"] = "shop-dev", ["provisioner:managed"] = "true" };

    private static ScheduleRequest Schedule() => new()
    {
        Name = "prov-shop-dev-log-export",
        ScheduleExpression = "rate(1 day)",
        FlexibleTimeWindow = FlexibleTimeWindow.Flexible(15),
        Target = new ScheduleTarget($"arn:aws:states:{Region}:{Account}:stateMachine:log-export", RoleArn, """{"environmentId":"shop-dev"}""", MaximumRetryAttempts: 3),
        State = "ENABLED",
        Description = "log export for shop-dev",
        ClientToken = "prov-shop-dev-ScheduleLogExport",
    };

    public static readonly IReadOnlyDictionary<string, Func<AwsClients, CancellationToken, Task>> All = new Dictionary<string, Func<AwsClients, CancellationToken, Task>>
    {
        // ---- ELBv2 ----
        ["CreateTargetGroup"] = (a, ct) => a.ElbV2.CreateTargetGroupAsync(new CreateTargetGroupRequest
        {
            Name = "prov-shop-dev-tg", Protocol = "HTTP", Port = 5000, VpcId = "vpc-0abc", HealthCheckPath = "/status",
            HealthCheckIntervalSeconds = 30, HealthCheckTimeoutSeconds = 5, HealthyThresholdCount = 5, UnhealthyThresholdCount = 2,
            MatcherHttpCode = "200", TargetType = "instance", Tags = EnvTags(),
        }, ct),
        ["DeleteTargetGroup"] = (a, ct) => a.ElbV2.DeleteTargetGroupAsync(TgArn, ct),
        ["DescribeTargetGroups"] = (a, ct) => a.ElbV2.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { Names = ["prov-shop-dev-tg"], Marker = "m1", PageSize = 10 }, ct),
        ["DescribeTargetGroups_ByLoadBalancer"] = (a, ct) => a.ElbV2.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { LoadBalancerArn = LbArn }, ct),
        ["ModifyTargetGroupAttributes"] = (a, ct) => a.ElbV2.ModifyTargetGroupAttributesAsync(TgArn, new Dictionary<string, string>
        {
            ["stickiness.enabled"] = "true",
            ["stickiness.type"] = "lb_cookie",
            ["stickiness.lb_cookie.duration_seconds"] = "86400",
            ["deregistration_delay.timeout_seconds"] = "30",
        }, ct),
        ["DescribeTargetGroupAttributes"] = (a, ct) => a.ElbV2.DescribeTargetGroupAttributesAsync(TgArn, ct),
        ["DescribeTargetHealth"] = (a, ct) => a.ElbV2.DescribeTargetHealthAsync(TgArn, ct),
        ["CreateLoadBalancer"] = (a, ct) => a.ElbV2.CreateLoadBalancerAsync(new CreateLoadBalancerRequest
        {
            Name = "prov-shop-dev-alb", Subnets = ["subnet-a", "subnet-b"], SecurityGroups = ["sg-alb"], Scheme = "internet-facing",
            Tags = EnvTags(), Type = "application", IpAddressType = "ipv4",
        }, ct),
        ["DeleteLoadBalancer"] = (a, ct) => a.ElbV2.DeleteLoadBalancerAsync(LbArn, ct),
        ["DescribeLoadBalancers"] = (a, ct) => a.ElbV2.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { Names = ["prov-shop-dev-alb"] }, ct),
        ["DescribeLoadBalancers_ByArn"] = (a, ct) => a.ElbV2.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { LoadBalancerArns = [LbArn], Marker = "m1" }, ct),
        ["CreateListener_Https"] = (a, ct) => a.ElbV2.CreateListenerAsync(new CreateListenerRequest
        {
            LoadBalancerArn = LbArn, Protocol = "HTTPS", Port = 443, SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06",
            CertificateArns = [CertArn], DefaultActions = [ListenerAction.Forward(TgArn)], Tags = EnvTags(),
        }, ct),
        ["CreateListener_HttpRedirect"] = (a, ct) => a.ElbV2.CreateListenerAsync(new CreateListenerRequest
        {
            LoadBalancerArn = LbArn, Protocol = "HTTP", Port = 80,
            DefaultActions = [ListenerAction.RedirectTo(new RedirectConfig("HTTP_301", Protocol: "HTTPS", Port: "443"))],
        }, ct),
        ["DeleteListener"] = (a, ct) => a.ElbV2.DeleteListenerAsync(ListenerArn, ct),
        ["DescribeListeners"] = (a, ct) => a.ElbV2.DescribeListenersAsync(new DescribeListenersRequest { LoadBalancerArn = LbArn }, ct),
        ["ModifyListener"] = (a, ct) => a.ElbV2.ModifyListenerAsync(new ModifyListenerRequest
        {
            ListenerArn = ListenerArn,
            DefaultActions = [ListenerAction.RedirectTo(new RedirectConfig("HTTP_301", "HTTPS", "443", "#{host}", "/#{path}", "#{query}"))],
        }, ct),
        ["CreateRule_Asleep"] = (a, ct) => a.ElbV2.CreateRuleAsync(new CreateRuleRequest
        {
            ListenerArn = ListenerArn,
            Priority = 1,
            Conditions = [RuleCondition.PathPattern("/*")],
            Actions = [ListenerAction.Respond(new FixedResponseConfig("503", "text/plain", "asleep"))],
            Tags = EnvTags(),
        }, ct),
        ["DescribeRules"] = (a, ct) => a.ElbV2.DescribeRulesAsync(new DescribeRulesRequest { ListenerArn = ListenerArn }, ct),
        ["DeleteRule"] = (a, ct) => a.ElbV2.DeleteRuleAsync(RuleArn, ct),
        ["AddTags"] = (a, ct) => a.ElbV2.AddTagsAsync([LbArn, TgArn], EnvTags(), ct),
        ["DescribeTags"] = (a, ct) => a.ElbV2.DescribeTagsAsync([LbArn, TgArn], ct),

        // ---- Auto Scaling ----
        ["CreateAutoScalingGroup"] = (a, ct) => a.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = "prov-shop-dev-asg",
            LaunchTemplate = new LaunchTemplateSpecification("lt-0abc", null, "1"),
            MinSize = 0, MaxSize = 3, DesiredCapacity = 1,
            TargetGroupArns = [TgArn], HealthCheckType = "ELB", HealthCheckGracePeriod = 300,
            SubnetIds = ["subnet-a", "subnet-b"],
            Tags = [new AutoScalingTag("provisioner:environment", "shop-dev", true), new AutoScalingTag("provisioner:managed", "true", false)],
            DefaultInstanceWarmup = 300,
        }, ct),
        ["UpdateAutoScalingGroup"] = (a, ct) => a.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest { AutoScalingGroupName = "prov-shop-dev-asg", MinSize = 0, MaxSize = 0, DesiredCapacity = 0 }, ct),
        ["DeleteAutoScalingGroup"] = (a, ct) => a.AutoScaling.DeleteAutoScalingGroupAsync("prov-shop-dev-asg", forceDelete: true, ct),
        ["DescribeAutoScalingGroups"] = (a, ct) => a.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = ["prov-shop-dev-asg"] }, ct),
        ["DescribeAutoScalingGroups_ByTag"] = (a, ct) => a.AutoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest
        {
            Filters = [AutoScalingFilter.Tag("provisioner:environment", "shop-dev")], NextToken = "t1", MaxRecords = 50,
        }, ct),
        ["PutScalingPolicy"] = (a, ct) => a.AutoScaling.PutScalingPolicyAsync(new PutScalingPolicyRequest
        {
            AutoScalingGroupName = "prov-shop-dev-asg", PolicyName = "prov-shop-dev-cpu-target", EstimatedInstanceWarmup = 300,
            TargetTrackingConfiguration = new TargetTrackingConfiguration("ASGAverageCPUUtilization", 50),
        }, ct),
        ["DescribePolicies"] = (a, ct) => a.AutoScaling.DescribePoliciesAsync(new DescribePoliciesRequest { AutoScalingGroupName = "prov-shop-dev-asg", PolicyNames = ["prov-shop-dev-cpu-target"] }, ct),
        ["DeletePolicy"] = (a, ct) => a.AutoScaling.DeletePolicyAsync("prov-shop-dev-asg", "prov-shop-dev-cpu-target", ct),
        ["PutNotificationConfiguration"] = (a, ct) => a.AutoScaling.PutNotificationConfigurationAsync("prov-shop-dev-asg", TopicArn,
            [AutoScalingNotificationTypes.InstanceLaunch, AutoScalingNotificationTypes.InstanceLaunchError, AutoScalingNotificationTypes.InstanceTerminate, AutoScalingNotificationTypes.InstanceTerminateError], ct),
        ["DescribeScalingActivities"] = (a, ct) => a.AutoScaling.DescribeScalingActivitiesAsync(new DescribeScalingActivitiesRequest { AutoScalingGroupName = "prov-shop-dev-asg", MaxRecords = 20 }, ct),

        // ---- CloudWatch ----
        ["PutMetricAlarm"] = (a, ct) => a.CloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = "prov-shop-dev-cpu-high", AlarmDescription = "CPU above 60 %", ActionsEnabled = true,
            AlarmActions = [TopicArn], OkActions = [TopicArn], MetricName = "CPUUtilization", Namespace = "AWS/EC2", Statistic = "Average",
            Dimensions = [new MetricDimension("AutoScalingGroupName", "prov-shop-dev-asg")],
            Period = 300, EvaluationPeriods = 2, DatapointsToAlarm = 2, Threshold = 60,
            ComparisonOperator = "GreaterThanThreshold", TreatMissingData = "notBreaching", Tags = EnvTags(),
        }, ct),
        ["PutMetricAlarm_FractionalThreshold"] = (a, ct) => a.CloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = "prov-shop-dev-alb-5xx", MetricName = "HTTPCode_ELB_5XX_Count", Namespace = "AWS/ApplicationELB", Statistic = "Sum",
            Dimensions = [new MetricDimension("LoadBalancer", "app/prov-shop-dev-alb/0123456789abcdef")],
            Period = 60, EvaluationPeriods = 5, Threshold = 2.5, ComparisonOperator = "GreaterThanOrEqualToThreshold",
        }, ct),
        ["DescribeAlarms"] = (a, ct) => a.CloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = "prov-shop-dev-", MaxRecords = 100, NextToken = "t1" }, ct),
        ["DescribeAlarms_ByName"] = (a, ct) => a.CloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = ["prov-shop-dev-cpu-high", "prov-shop-dev-alb-5xx"] }, ct),
        ["DeleteAlarms"] = (a, ct) => a.CloudWatch.DeleteAlarmsAsync(["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"], ct),
        ["PutDashboard"] = (a, ct) => a.CloudWatch.PutDashboardAsync("prov-shop-dev", """{"widgets":[{"type":"text","properties":{"markdown":"a & b = c"}}]}""", ct),
        ["DeleteDashboards"] = (a, ct) => a.CloudWatch.DeleteDashboardsAsync(["prov-shop-dev"], ct),
        ["DisableAlarmActions"] = (a, ct) => a.CloudWatch.DisableAlarmActionsAsync(["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"], ct),
        ["EnableAlarmActions"] = (a, ct) => a.CloudWatch.EnableAlarmActionsAsync(["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"], ct),

        // ---- CloudWatch Logs ----
        ["CreateLogGroup"] = (a, ct) => a.CloudWatchLogs.CreateLogGroupAsync(LogGroup, EnvTags(), ct),
        ["DeleteLogGroup"] = (a, ct) => a.CloudWatchLogs.DeleteLogGroupAsync(LogGroup, ct),
        ["DescribeLogGroups"] = (a, ct) => a.CloudWatchLogs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/provisioner/", NextToken = "t1", Limit = 50 }, ct),
        ["PutRetentionPolicy"] = (a, ct) => a.CloudWatchLogs.PutRetentionPolicyAsync(LogGroup, 14, ct),
        ["CreateExportTask"] = (a, ct) => a.CloudWatchLogs.CreateExportTaskAsync(new CreateExportTaskRequest
        {
            TaskName = "prov-shop-dev-export", LogGroupName = LogGroup,
            From = DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), To = DateTimeOffset.FromUnixTimeMilliseconds(1767312000000),
            Destination = "prov-log-exports", DestinationPrefix = "shop-dev",
        }, ct),
        ["DescribeExportTasks"] = (a, ct) => a.CloudWatchLogs.DescribeExportTasksAsync(new DescribeExportTasksRequest { TaskId = "task-1" }, ct),
        ["DescribeExportTasks_ByStatus"] = (a, ct) => a.CloudWatchLogs.DescribeExportTasksAsync(new DescribeExportTasksRequest { StatusCode = "RUNNING", Limit = 5, NextToken = "t1" }, ct),
        ["CancelExportTask"] = (a, ct) => a.CloudWatchLogs.CancelExportTaskAsync("task-1", ct),
        ["TagResource_Logs"] = (a, ct) => a.CloudWatchLogs.TagResourceAsync(LogGroupArn, EnvTags(), ct),
        ["ListTagsForResource_Logs"] = (a, ct) => a.CloudWatchLogs.ListTagsForResourceAsync(LogGroupArn, ct),

        // ---- ACM ----
        ["ImportCertificate"] = (a, ct) => a.Acm.ImportCertificateAsync(new ImportCertificateRequest
        {
            CertificatePem = CertPem, PrivateKeyPem = KeyPem, CertificateChainPem = ChainPem,
            Tags = new Dictionary<string, string> { ["Name"] = "prov-shop-dev-cert", ["provisioner:environment"] = "shop-dev", ["provisioner:managed"] = "true" },
        }, ct),
        ["ImportCertificate_Reimport"] = (a, ct) => a.Acm.ImportCertificateAsync(new ImportCertificateRequest { CertificateArn = CertArn, CertificatePem = CertPem, PrivateKeyPem = KeyPem }, ct),
        ["DescribeCertificate"] = (a, ct) => a.Acm.DescribeCertificateAsync(CertArn, ct),
        ["DeleteCertificate"] = (a, ct) => a.Acm.DeleteCertificateAsync(CertArn, ct),
        ["ListCertificates"] = (a, ct) => a.Acm.ListCertificatesAsync(new ListCertificatesRequest { CertificateStatuses = ["ISSUED"], NextToken = "t1", MaxItems = 100 }, ct),
        ["ListTagsForCertificate"] = (a, ct) => a.Acm.ListTagsForCertificateAsync(CertArn, ct),

        // ---- SNS ----
        ["CreateTopic"] = (a, ct) => a.Sns.CreateTopicAsync("prov-shop-dev-alerts", EnvTags(), ct),
        ["DeleteTopic"] = (a, ct) => a.Sns.DeleteTopicAsync(TopicArn, ct),
        ["Subscribe"] = (a, ct) => a.Sns.SubscribeAsync(TopicArn, "email", "ops+alerts@example.test", ct),
        ["ListSubscriptionsByTopic"] = (a, ct) => a.Sns.ListSubscriptionsByTopicAsync(TopicArn, "t1", ct),
        ["TagResource_Sns"] = (a, ct) => a.Sns.TagResourceAsync(TopicArn, EnvTags(), ct),

        // ---- Scheduler ----
        ["CreateSchedule"] = (a, ct) => a.Scheduler.CreateScheduleAsync(Schedule() with { ActionAfterCompletion = "NONE", ScheduleExpressionTimezone = "UTC" }, ct),
        ["GetSchedule"] = (a, ct) => a.Scheduler.GetScheduleAsync("prov-shop-dev-log-export", "default", ct),
        ["UpdateSchedule"] = (a, ct) => a.Scheduler.UpdateScheduleAsync(Schedule() with { ScheduleExpression = "rate(12 hours)", FlexibleTimeWindow = FlexibleTimeWindow.Off, GroupName = "default" }, ct),
        ["DeleteSchedule"] = (a, ct) => a.Scheduler.DeleteScheduleAsync("prov-shop-dev-log-export", "default", "prov-shop-dev-undo", ct),
        ["ListSchedules"] = (a, ct) => a.Scheduler.ListSchedulesAsync(new ListSchedulesRequest { NamePrefix = "prov-", GroupName = "default", State = "ENABLED", MaxResults = 50, NextToken = "t/1+2" }, ct),

        // ---- Step Functions ----
        ["CreateStateMachine"] = (a, ct) => a.StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "provision", Definition = Definition, RoleArn = RoleArn, Type = "STANDARD", Tags = EnvTags(),
        }, ct),
        ["UpdateStateMachine"] = (a, ct) => a.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = SmArn, Definition = Definition, RoleArn = RoleArn }, ct),
        ["DescribeStateMachine"] = (a, ct) => a.StepFunctions.DescribeStateMachineAsync(SmArn, ct),
        ["StartExecution"] = (a, ct) => a.StepFunctions.StartExecutionAsync(new StartExecutionRequest
        {
            StateMachineArn = SmArn, Name = "shop-dev-create-1", Input = """{"environmentId":"shop-dev","ü":"\u00fc"}""",
        }, ct),
        ["DescribeExecution"] = (a, ct) => a.StepFunctions.DescribeExecutionAsync(ExecArn, ct),
        ["ListExecutions"] = (a, ct) => a.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = SmArn, StatusFilter = "FAILED", MaxResults = 100, NextToken = "t1" }, ct),
        ["GetExecutionHistory"] = (a, ct) => a.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = ExecArn, MaxResults = 1000, ReverseOrder = true, NextToken = "t1" }, ct),
        ["StopExecution"] = (a, ct) => a.StepFunctions.StopExecutionAsync(ExecArn, "Provisioner.Cancelled", "user asked", ct),
        ["RedriveExecution"] = (a, ct) => a.StepFunctions.RedriveExecutionAsync(ExecArn, "shop-dev-retry-1", ct),
    };
}
