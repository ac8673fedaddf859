using System.Text.Json.Serialization;

namespace Provisioner.Core.Spec;

/// <summary>
/// Source-generated JSON for the spec (AOT-safe). Unknown properties are an error, so a typo in a
/// payload can never silently fall back to a default.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(EnvironmentSpec))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
