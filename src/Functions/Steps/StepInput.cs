using Provisioner.Core.Spec;

namespace Provisioner.Functions.Steps;

/// <summary>
/// The input of a step that needs nothing but the spec: <c>CreateAmi.Run</c>, <c>CreateTargetGroup.Run</c>,
/// <c>ScheduleLogExport.Run</c>, and every Undo (Undo finds what it removes by deterministic name and tags,
/// never from the ledger, so a Run that crashed before returning leaks nothing).
/// </summary>
public sealed record StepInput(EnvironmentSpec Spec);
