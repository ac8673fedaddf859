using Provisioner.Core.Validation;

namespace Provisioner.Core.Tests.Validation;

/// <summary>
/// One valid edge and one invalid edge per rule, each applied to the minimal valid spec. An invalid
/// edge must give exactly one error, at the field's pointer.
/// </summary>
public sealed class EnvironmentSpecValidatorRuleTests
{
    private static readonly EnvironmentSpecValidator Validator = new();

    [Theory]
    // environmentId: 3-20 chars, [a-z][a-z0-9-]*[a-z0-9]
    [InlineData("/environmentId", "\"abc\"")]
    [InlineData("/environmentId", "\"a234567890123456789z\"")]
    [InlineData("/environmentId", "\"a-1\"")]
    // source
    [InlineData("/source/instanceId", "\"i-0abc1234\"")]
    [InlineData("/source/noReboot", "true")]
    [InlineData("/source", "{\"instanceName\": \"app-server\", \"noReboot\": true}")]
    [InlineData("/source", "{\"instanceName\": \"a\"}")]
    // network
    [InlineData("/network/vpcId", "\"vpc-0a1b2c3d\"")]
    [InlineData("/network/subnetIds", "[\"subnet-0a1b2c3d\", \"subnet-0a1b2c3e\"]")]
    // app
    [InlineData("/app/port", "1")]
    [InlineData("/app/port", "65535")]
    [InlineData("/app/healthCheck/path", "\"/\"")]
    [InlineData("/app/healthCheck/intervalSeconds", "300")]
    [InlineData("/app/healthCheck/timeoutSeconds", "2")]
    [InlineData("/app/healthCheck/healthyThreshold", "2")]
    [InlineData("/app/healthCheck/healthyThreshold", "10")]
    [InlineData("/app/healthCheck/unhealthyThreshold", "10")]
    [InlineData("/app/logFile", "\"/var/log/app/*.log\"")]
    // loadBalancer
    [InlineData("/loadBalancer/scheme", "\"internal\"")]
    [InlineData("/loadBalancer/https", "null")]
    [InlineData("/loadBalancer/https", "{\"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/0f3b2a1c-4d5e-6f70-8192-a3b4c5d6e7f8\"}")]
    [InlineData("/loadBalancer/https", "{\"certificateArn\": \"arn:aws:iam::123456789012:server-certificate/lab/my-cert\"}")]
    [InlineData("/loadBalancer/stickiness/durationSeconds", "1")]
    [InlineData("/loadBalancer/stickiness/durationSeconds", "604800")]
    [InlineData("/loadBalancer/deregistrationDelaySeconds", "0")]
    // launch
    [InlineData("/launch/instanceType", "\"m7i-flex.large\"")]
    [InlineData("/launch/keyName", "\"lab key\"")]
    [InlineData("/launch/userData", "\"#!/bin/bash\\necho hi\\n\"")]
    [InlineData("/launch/userData", "\"#cloud-config\\nruncmd: []\\n\"")]
    [InlineData("/launch/tags", "{\"team\": \"shop\"}")]
    // scaling
    [InlineData("/scaling", "{\"min\": 0, \"max\": 20, \"desired\": 20}")]
    [InlineData("/scaling", "{\"min\": 3, \"max\": 3, \"desired\": 3}")]
    [InlineData("/scaling/targetCpuPercent", "1")]
    [InlineData("/scaling/targetCpuPercent", "100")]
    // alarms
    [InlineData("/alarms/notifyEmails", "[\"ops@example.com\", \"first.last+tag@sub.example.co.uk\"]")]
    [InlineData("/alarms/cpuHighPercent", "100")]
    // logs
    [InlineData("/logs/retentionDays", "3653")]
    [InlineData("/logs/exportSchedule", "\"rate(1 minute)\"")]
    [InlineData("/logs/exportSchedule", "\"rate(12 hours)\"")]
    [InlineData("/logs/exportSchedule", "\"cron(0 12 * * ? *)\"")]
    [InlineData("/logs/exportSchedule", "\"cron(0/15 8-17 ? * MON-FRI 2026-2030)\"")]
    // ttlHours: 1 hour to 30 days
    [InlineData("/ttlHours", "1")]
    [InlineData("/ttlHours", "720")]
    [InlineData("/ttlHours", "null")]
    public void Validate_ValidEdge_Accepted(string pointer, string json)
    {
        var result = Validator.Validate(TestSpecs.With(pointer, json));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("/environmentId", "\"ab\"", null)]
    [InlineData("/environmentId", "\"a2345678901234567890z\"", null)]
    [InlineData("/environmentId", "\"1abc\"", null)]
    [InlineData("/environmentId", "\"abc-\"", null)]
    [InlineData("/environmentId", "\"Abc\"", null)]
    [InlineData("/environmentId", "\"ab_c\"", null)]
    [InlineData("/environmentId", "42", null)]
    [InlineData("/environmentId", null, null)]
    [InlineData("/source", null, null)]
    [InlineData("/source/instanceId", "\"i-0abc123\"", null)]
    [InlineData("/source/instanceId", "\"i-0ABC12345DEF67890\"", null)]
    [InlineData("/source/amiId", "\"ami-0fedcba9876543210\"", "/source")]
    [InlineData("/source", "{}", "/source")]
    [InlineData("/source", "{\"amiId\": \"ami-0fedcba9\", \"noReboot\": true}", "/source/noReboot")]
    [InlineData("/source", "{\"amiId\": \"ami-0fedcba\"}", "/source/amiId")]
    [InlineData("/source", "{\"instanceName\": \"\"}", "/source/instanceName")]
    [InlineData("/source", "{\"instanceName\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "/source/instanceName")]
    [InlineData("/source", "{\"instanceName\": \"app\\nserver\"}", "/source/instanceName")]
    [InlineData("/source", "{\"instanceName\": \"app-server\", \"instanceId\": \"i-0abc1234\"}", "/source")]
    [InlineData("/source", "{\"instanceName\": \"app-server\", \"amiId\": \"ami-0fedcba9\"}", "/source")]
    [InlineData("/network", null, null)]
    [InlineData("/network/vpcId", "\"vpc-xyz\"", null)]
    [InlineData("/network/subnetIds", "[\"subnet-0a1b2c3d4e5f60001\"]", null)]
    [InlineData("/network/subnetIds", "[\"subnet-0a1b2c3d4e5f60001\", \"subnet-0a1b2c3d4e5f60001\"]", "/network/subnetIds/1")]
    [InlineData("/network/subnetIds/1", "\"sn-1\"", "/network/subnetIds/1")]
    [InlineData("/network/subnetIds", "\"subnet-0a1b2c3d4e5f60001\"", null)]
    [InlineData("/app/port", "0", null)]
    [InlineData("/app/port", "65536", null)]
    [InlineData("/app/port", "5000.5", null)]
    [InlineData("/app/port", "\"5000\"", null)]
    [InlineData("/app/healthCheck/path", "\"status\"", null)]
    [InlineData("/app/healthCheck/intervalSeconds", "4", null)]
    [InlineData("/app/healthCheck/intervalSeconds", "301", null)]
    [InlineData("/app/healthCheck/timeoutSeconds", "1", null)]
    [InlineData("/app/healthCheck/timeoutSeconds", "30", null)]
    [InlineData("/app/healthCheck/healthyThreshold", "1", null)]
    [InlineData("/app/healthCheck/unhealthyThreshold", "11", null)]
    [InlineData("/app/logFile", "\"var/log/app.log\"", null)]
    [InlineData("/app/logFile", "\"/var/log/a\\\"b.log\"", null)]
    [InlineData("/loadBalancer/scheme", "\"public\"", null)]
    [InlineData("/loadBalancer/https", "{}", "/loadBalancer/https")]
    [InlineData("/loadBalancer/https", "{\"selfSigned\": true, \"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/0f3b2a1c-4d5e-6f70-8192-a3b4c5d6e7f8\"}", "/loadBalancer/https")]
    [InlineData("/loadBalancer/https/certificateArn", "\"arn:aws:acm:eu-west-1:123456789012:certificate/nope\"", null)]
    [InlineData("/loadBalancer", "{\"https\": null, \"redirectHttpToHttps\": true}", "/loadBalancer/redirectHttpToHttps")]
    [InlineData("/loadBalancer/stickiness/durationSeconds", "0", null)]
    [InlineData("/loadBalancer/stickiness/durationSeconds", "604801", null)]
    [InlineData("/loadBalancer/stickiness/enabled", "\"yes\"", null)]
    [InlineData("/loadBalancer/deregistrationDelaySeconds", "3601", null)]
    [InlineData("/launch/instanceType", "\"micro\"", null)]
    [InlineData("/launch/keyName", "\"\"", null)]
    [InlineData("/launch/userData", "\"echo hi\"", null)]
    [InlineData("/launch/tags/aws:team", "\"x\"", "/launch/tags/aws:team")]
    [InlineData("/launch/tags/provisioner:step", "\"x\"", "/launch/tags/provisioner:step")]
    [InlineData("/launch/tags/team", "7", "/launch/tags/team")]
    [InlineData("/scaling", "{\"min\": 2, \"max\": 1, \"desired\": 1}", "/scaling/min")]
    [InlineData("/scaling", "{\"min\": 1, \"max\": 3, \"desired\": 4}", "/scaling/desired")]
    [InlineData("/scaling", "{\"min\": 1, \"max\": 3, \"desired\": 0}", "/scaling/desired")]
    [InlineData("/scaling/max", "21", null)]
    [InlineData("/scaling/max", "0", null)]
    [InlineData("/scaling/min", "-1", null)]
    [InlineData("/scaling/targetCpuPercent", "0", null)]
    [InlineData("/scaling/targetCpuPercent", "101", null)]
    [InlineData("/alarms/notifyEmails", "[\"ops@\"]", "/alarms/notifyEmails/0")]
    [InlineData("/alarms/notifyEmails", "[\"ops@example.com\", \"OPS@example.com\"]", "/alarms/notifyEmails/1")]
    [InlineData("/alarms/notifyEmails", "[\"a b@example.com\"]", "/alarms/notifyEmails/0")]
    [InlineData("/alarms/cpuHighPercent", "0", null)]
    [InlineData("/logs/retentionDays", "2", null)]
    [InlineData("/logs/exportBucket", "\"shop-logs\"", null)]
    [InlineData("/logs/exportBucket", "\"ab\"", null)]
    [InlineData("/logs/exportBucket", "null", null)]
    [InlineData("/logs/exportSchedule", "\"rate(1 days)\"", null)]
    [InlineData("/logs/exportSchedule", "\"rate(2 day)\"", null)]
    [InlineData("/logs/exportSchedule", "\"rate(0 minutes)\"", null)]
    [InlineData("/logs/exportSchedule", "\"every day\"", null)]
    [InlineData("/logs/exportSchedule", "\"cron(0 12 * * * *)\"", null)]
    [InlineData("/logs/exportSchedule", "\"cron(0 12 * * ?)\"", null)]
    [InlineData("/logs/exportSchedule", "\"cron(60 12 * * ? *)\"", null)]
    [InlineData("/ttlHours", "0", null)]
    [InlineData("/ttlHours", "721", null)]
    [InlineData("/owner", "\"alice\"", null)]
    [InlineData("/loadBalancer/stickyness", "{}", null)]
    public void Validate_InvalidEdge_OneErrorAtField(string pointer, string? json, string? expectedPointer)
    {
        var result = Validator.Validate(TestSpecs.With(pointer, json));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(expectedPointer ?? pointer, error.Pointer);
        Assert.False(string.IsNullOrWhiteSpace(error.Rule));
    }

    [Fact]
    public void Validate_ExportBucket_RefusedNamingTheDeploymentsBucket()
    {
        var error = Assert.Single(Validator.Validate(TestSpecs.With("/logs/exportBucket", "\"shop-logs\"")).Errors);

        Assert.Equal("/logs/exportBucket", error.Pointer);
        Assert.Equal(EnvironmentSpecValidator.ExportBucketRule, error.Rule);
        Assert.Contains("deployment's export bucket", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxInstancesCap_IsConfigurable()
    {
        var validator = new EnvironmentSpecValidator(new ValidationOptions { MaxInstancesCap = 50 });

        Assert.True(validator.Validate(TestSpecs.With("/scaling/max", "50")).IsValid);
        var error = Assert.Single(validator.Validate(TestSpecs.With("/scaling/max", "51")).Errors);
        Assert.Contains("50", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UserDataAtTheLimit_AcceptedAndOneByteMoreRejected()
    {
        var room = RoomForUserData("shop-dev");
        var fits = "#!/bin/bash\n" + new string('x', room - "#!/bin/bash\n".Length - 1) + "\n";
        var tooBig = fits + "x";

        Assert.True(Validator.Validate(TestSpecs.With("/launch/userData", System.Text.Json.JsonSerializer.Serialize(fits))).IsValid);
        var error = Assert.Single(Validator.Validate(TestSpecs.With("/launch/userData", System.Text.Json.JsonSerializer.Serialize(tooBig))).Errors);
        Assert.Equal("/launch/userData", error.Pointer);
        Assert.Contains($"at most {room} bytes", error.Rule, StringComparison.Ordinal);
    }

    private static int RoomForUserData(string environmentId)
    {
        var app = new Core.Spec.AppSpec();
        var overhead = Core.Launch.UserDataComposer.SizeInBytes(environmentId, app, "#!") - 2;
        return Core.Launch.UserDataComposer.MaxBytes - overhead;
    }
}
