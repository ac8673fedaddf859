using System.Text.Json.Serialization;

namespace Provisioner.Functions.Steps;

/// <summary>
/// Source-generated JSON for every step input and output (AOT-safe), camelCase as the state machines use it.
/// A missing or null required member is an error (the handler reports <c>Provisioner.BadInput</c>); members
/// the contract does not name are ignored, so a state machine may pass its whole state.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StepInput))]
[JsonSerializable(typeof(UndoInput))]
[JsonSerializable(typeof(CheckResult))]
[JsonSerializable(typeof(UndoResult))]
[JsonSerializable(typeof(CreateAmiOutput))]
[JsonSerializable(typeof(WaitAvailableInput))]
[JsonSerializable(typeof(CreateTargetGroupOutput))]
[JsonSerializable(typeof(CreateAlbInput))]
[JsonSerializable(typeof(CreateAlbOutput))]
[JsonSerializable(typeof(AttachCertInput))]
[JsonSerializable(typeof(AttachCertOutput))]
[JsonSerializable(typeof(CreateLaunchTemplateInput))]
[JsonSerializable(typeof(CreateLaunchTemplateOutput))]
[JsonSerializable(typeof(CreateAsgInput))]
[JsonSerializable(typeof(CreateAsgOutput))]
[JsonSerializable(typeof(CreateAsgCheckInput))]
[JsonSerializable(typeof(CreateAlarmsInput))]
[JsonSerializable(typeof(CreateAlarmsOutput))]
[JsonSerializable(typeof(ScheduleLogExportOutput))]
public sealed partial class StepJsonContext : JsonSerializerContext;
