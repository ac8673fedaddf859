using System.Text.Json.Serialization;

namespace Provisioner.Functions.Export;

/// <summary>Source-generated JSON for the log-export worker's inputs and outputs (AOT-safe), camelCase as the state machine uses it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EnqueueInput))]
[JsonSerializable(typeof(HolderInput))]
[JsonSerializable(typeof(CheckInput))]
[JsonSerializable(typeof(AcquireOutput))]
[JsonSerializable(typeof(StartOutput))]
[JsonSerializable(typeof(CheckOutput))]
[JsonSerializable(typeof(ReleaseOutput))]
internal sealed partial class LogExportJsonContext : JsonSerializerContext;
