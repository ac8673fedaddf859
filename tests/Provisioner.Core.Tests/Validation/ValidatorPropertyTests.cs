using System.Text.Json.Nodes;
using CsCheck;
using Provisioner.Core.Naming;
using Provisioner.Core.Tests.Naming;
using Provisioner.Core.Validation;

namespace Provisioner.Core.Tests.Validation;

/// <summary>
/// Properties over generated input: the validator never throws, whatever it is given, and every spec it
/// accepts derives names that satisfy AWS's rules.
/// </summary>
public sealed class ValidatorPropertyTests
{
    private static readonly EnvironmentSpecValidator Validator = new();

    /// <summary>Property names the spec knows, so generated objects often hit real fields.</summary>
    private static readonly string[] Keys =
    [
        "environmentId", "source", "network", "app", "loadBalancer", "launch", "scaling", "alarms", "logs", "ttlHours",
        "instanceId", "amiId", "noReboot", "vpcId", "subnetIds", "port", "healthCheck", "path", "intervalSeconds",
        "timeoutSeconds", "https", "selfSigned", "certificateArn", "stickiness", "min", "max", "desired", "tags",
        "userData", "notifyEmails", "exportSchedule", "owner", "x", "",
    ];

    private static readonly Gen<string> AnyString = Gen.OneOf(
        Gen.String,
        Gen.Char["a-z0-9-_A-Z/.@~ "].Array[0, 24].Select(c => new string(c)),
        Gen.OneOf<string>("i-0abc12345def67890", "ami-0fedcba9876543210", "vpc-0a1b2c3d", "subnet-0a1b2c3d", "rate(1 day)", "cron(0 1 * * ? *)", "#!/bin/sh\n"));

    private static (int, IGen<JsonNode?>) Weighted(int weight, Gen<JsonNode?> gen) => (weight, gen);

    private static Gen<JsonNode?> Node(int depth)
    {
        var leaf = Gen.Frequency(
            Weighted(1, Gen.Const((JsonNode?)null)),
            Weighted(2, Gen.Bool.Select(b => (JsonNode?)b)),
            Weighted(3, Gen.Long.Select(l => (JsonNode?)l)),
            Weighted(2, Gen.Int[-5, 70000].Select(i => (JsonNode?)i)),
            Weighted(1, Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0.5)),
            Weighted(4, AnyString.Select(s => (JsonNode?)s)));
        if (depth == 0)
        {
            return leaf;
        }
        var array = Node(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()));
        var obj = Gen.Select(Gen.OneOf(Keys).Array[0, 6], Node(depth - 1).Array[6], (keys, values) =>
        {
            var o = new JsonObject();
            for (var i = 0; i < keys.Length; i++)
            {
                o[keys[i]] = values[i]?.DeepClone();
            }
            return (JsonNode?)o;
        });
        return Gen.Frequency(Weighted(3, leaf), Weighted(1, array), Weighted(3, obj));
    }

    /// <summary>Pointers into the spec that a mutation may overwrite.</summary>
    private static readonly string[] Pointers =
    [
        "/environmentId", "/source", "/source/instanceId", "/source/amiId", "/network/vpcId", "/network/subnetIds",
        "/network/subnetIds/0", "/app", "/app/port", "/app/healthCheck", "/app/healthCheck/intervalSeconds",
        "/app/healthCheck/timeoutSeconds", "/loadBalancer/https", "/loadBalancer/stickiness/durationSeconds",
        "/launch/userData", "/launch/tags", "/scaling/min", "/scaling/max", "/scaling/desired", "/alarms/notifyEmails",
        "/logs/exportSchedule", "/logs/exportBucket", "/ttlHours",
    ];

    [Fact]
    public void Validate_ArbitraryJson_NeverThrows()
    {
        Node(4).Sample(node =>
        {
            var result = Validator.Validate(node);
            Assert.True(result.IsValid ^ result.Errors.Count > 0);
        }, iter: 3000);
    }

    [Fact]
    public void Validate_ArbitraryText_NeverThrows()
    {
        Gen.OneOf(Gen.String, Node(3).Select(n => n?.ToJsonString() ?? "null").Select(s => s[..(s.Length / 2)]))
            .Sample(text =>
            {
                var result = Validator.Validate(text);
                Assert.True(result.IsValid ^ result.Errors.Count > 0);
            }, iter: 3000);
    }

    [Fact]
    public void Validate_MutatedValidSpec_NeverThrowsAndAcceptedSpecsDeriveValidNames()
    {
        Gen.Select(Gen.OneOf(Pointers), Node(2)).Sample((pointer, value) =>
        {
            var document = TestSpecs.With(pointer, value?.ToJsonString() ?? "null");
            var result = Validator.Validate(document);
            Assert.True(result.IsValid ^ result.Errors.Count > 0);
            if (result.IsValid)
            {
                AwsNameRules.AssertAll(ResourceNames.For(result.Spec.EnvironmentId));
            }
        }, iter: 3000);
    }

    [Fact]
    public void Validate_GeneratedEnvironmentIds_AcceptedOnesDeriveValidNames()
    {
        Gen.Char["a-z0-9\\-_A-Z."].Array[0, 24].Select(c => new string(c)).Sample(id =>
        {
            var result = Validator.Validate(TestSpecs.With("/environmentId", System.Text.Json.JsonSerializer.Serialize(id)));
            if (result.IsValid)
            {
                AwsNameRules.AssertAll(ResourceNames.For(id));
            }
            else
            {
                Assert.Equal("/environmentId", Assert.Single(result.Errors).Pointer);
            }
        }, iter: 5000);
    }
}
