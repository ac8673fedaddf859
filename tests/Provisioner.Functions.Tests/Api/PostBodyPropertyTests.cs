using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Provisioner.Functions.Api.Http;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api;

/// <summary>
/// Generated and mutated POST /environments bodies: the answer is only ever 202, 400, 409, 413 or 415, never a
/// 5xx or an exception, and an environment exists afterwards only for a 202.
/// </summary>
public sealed class PostBodyPropertyTests
{
    private static readonly string Valid = Spec("prop-env").ToJsonString();

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.Int.Select(i => (JsonNode?)i),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : (JsonNode?)0.5),
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Const((JsonNode?)new string('x', 300_000)));

    private static readonly string[] Keys =
        ["environmentId", "source", "network", "scaling", "max", "ttlHours", "owner", "app", "port", "subnetIds", "vpcId", "instanceId", "unknown"];

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf(Gen.Const(Keys), Gen.Const(new[] { "scaling", "app", "network" })).SelectMany(k => Gen.OneOf(k.Select(Gen.Const).ToArray())), Leaf, Gen.Int[0, 3],
            (key, value, where) => Encoding.UTF8.GetBytes(Mutate(key, value, where)))),
        (1, Gen.Int[1, 200].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth * 2) + new string(']', depth * 2)))),
        (1, Gen.Select(Gen.OneOf(Gen.Const(Keys), Gen.Const(Keys)).SelectMany(k => Gen.OneOf(k.Select(Gen.Const).ToArray())), Gen.Int,
            (key, n) => Encoding.UTF8.GetBytes(Valid.Insert(1, $"\"{key}\":{n},")))),
        (1, Gen.Byte.Array[0, 64].Select(bytes => (byte[])[.. "{\"environmentId\":\""u8, .. bytes, .. "\"}"u8])),
        (1, Gen.String.Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.Int[0, Valid.Length].Select(cut => Encoding.UTF8.GetBytes(Valid[..cut]))));

    [Fact]
    public async Task Create_GeneratedBodies_OnlyExpectedStatusesAndNothingCreatedUnlessAccepted()
    {
        var count = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        await Gen.Select(Body, Gen.OneOf(Gen.Const("application/json"), Gen.Const("text/plain"), Gen.Const("application/merge-patch+json")))
            .SampleAsync(async input =>
            {
                var (body, contentType) = input;
                var h = new ApiHarness();
                ApiResponse response;
                try
                {
                    response = await h.Api.HandleAsync(new ApiRequest
                    {
                        Method = "POST",
                        Path = "/environments",
                        Caller = DevA,
                        Body = body,
                        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType },
                    }, Ct);
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException($"{Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}: {ex}");
                }
                Interlocked.Increment(ref count);
                statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
                Assert.True(response.Status is 202 or 400 or 409 or 413 or 415, $"{response.Status}: {response.BodyText}");
                Assert.Empty(OpenApiContract.Check("POST", "/environments", response));
                Assert.Equal(response.Status == 202 ? 1 : 0, h.Memory.All.Count);
                Assert.Equal(response.Status == 202 ? 1 : 0, h.Workflows.Starts.Count);
            }, iter: 2000, threads: 1);
        Assert.Equal(2000, count);
        // The generator reaches every answer, so each branch of the property is really exercised.
        Assert.All((int[])[202, 400, 413, 415], status => Assert.True(statuses.ContainsKey(status), $"no {status} among {string.Join(", ", statuses)}"));
    }

    private static string Mutate(string key, JsonNode? value, int where)
    {
        var spec = Spec("prop-env");
        switch (where)
        {
            case 0:
                spec[key] = value?.DeepClone();
                break;
            case 1:
                spec.Remove(key);
                break;
            case 2:
                ((JsonObject)spec["scaling"]!)[key] = value?.DeepClone();
                break;
            default:
                // A duplicate key: the same property written twice.
                return spec.ToJsonString().Insert(1, $"\"{key}\":{value?.ToJsonString() ?? "null"},\"{key}\":1,");
        }
        return spec.ToJsonString();
    }
}
