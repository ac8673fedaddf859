using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Provisioner.Cli.Demo;

/// <summary>
/// The last line of <c>provisioner demo --json</c>. Times are simulated seconds from the start;
/// <see cref="LeakedResources"/> is what inspection finds tagged with the environment after the teardown
/// or rollback (null with <c>--keep</c>).
/// </summary>
public sealed record DemoReport(
    string EnvironmentId,
    string Status,
    IReadOnlyList<DemoStep> Steps,
    JsonObject? Resources,
    IReadOnlyList<string>? LeakedResources,
    double SimulatedSeconds,
    double WallSeconds,
    int StateTransitions,
    string? Error,
    string? Cause);

/// <summary>One step as the report shows it.</summary>
public sealed record DemoStep(string Name, string Status, double StartedAtSeconds, double DurationSeconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DemoReport))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
