using System.Text.Json.Serialization.Metadata;
using Provisioner.Core.Naming;
using Provisioner.Functions.Handlers;

namespace Provisioner.Functions.Steps;

/// <summary>
/// Every step handler by the name the Lambda function's Handler setting and the local engine use
/// (<c>ValidateSpec.Run</c>, <c>&lt;Step&gt;.Run</c>, <c>&lt;Step&gt;.Undo</c>, <c>CreateAsg.Check</c>). Each step handler is
/// wrapped so that AWS failures leave it as the step errors the state machines retry and catch
/// (<see cref="StepErrorMap"/>); ValidateSpec calls no AWS API. Every Undo waits out the Runs that may still be in
/// flight when its teardown starts (<see cref="InFlightRuns"/>).
/// </summary>
public static class StepCatalog
{
    public const string Run = "Run";
    public const string Undo = "Undo";
    public const string Check = "Check";

    public static string HandlerName(string step, string action) => $"{step}.{action}";

    public static IEnumerable<IFunctionHandler> Handlers(StepDependencies deps)
    {
        ArgumentNullException.ThrowIfNull(deps);
        var json = StepJsonContext.Default;

        var createAmi = new CreateAmi(deps.Ec2, deps.Settings);
        var waitAvailable = new WaitAvailable(deps.Ec2, deps.Time);
        var createTargetGroup = new CreateTargetGroup(deps.ElbV2, deps.Settings);
        var createAlb = new CreateAlb(deps.Ec2, deps.ElbV2, deps.Settings);
        var attachCert = new AttachCert(deps.ElbV2, deps.Acm, deps.Time, deps.Settings);
        var createLaunchTemplate = new CreateLaunchTemplate(deps.Ec2, deps.Settings);
        var createAsg = new CreateAsg(deps.AutoScaling, deps.ElbV2, deps.Time, deps.Settings);
        var createAlarms = new CreateAlarms(deps.CloudWatch, deps.Sns, deps.Settings);
        var scheduleLogExport = new ScheduleLogExport(deps.CloudWatchLogs, deps.Scheduler, deps.Settings);

        return
        [
            new ValidateSpec(deps.Settings),
            Handler(StepNames.CreateAmi, Run, json.StepInput, json.CreateAmiOutput, createAmi.RunAsync),
            Handler(StepNames.CreateAmi, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateAmi, deps.Time, deps.Settings.FunctionTimeout, createAmi.UndoAsync)),
            Handler(StepNames.WaitAvailable, Run, json.WaitAvailableInput, json.CheckResult, waitAvailable.RunAsync),
            Handler(StepNames.CreateTargetGroup, Run, json.StepInput, json.CreateTargetGroupOutput, createTargetGroup.RunAsync),
            Handler(StepNames.CreateTargetGroup, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateTargetGroup, deps.Time, deps.Settings.FunctionTimeout, createTargetGroup.UndoAsync)),
            Handler(StepNames.CreateAlb, Run, json.CreateAlbInput, json.CreateAlbOutput, createAlb.RunAsync),
            Handler(StepNames.CreateAlb, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateAlb, deps.Time, deps.Settings.FunctionTimeout, createAlb.UndoAsync)),
            Handler(StepNames.AttachCert, Run, json.AttachCertInput, json.AttachCertOutput, attachCert.RunAsync),
            Handler(StepNames.AttachCert, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.AttachCert, deps.Time, deps.Settings.FunctionTimeout, attachCert.UndoAsync)),
            Handler(StepNames.CreateLaunchTemplate, Run, json.CreateLaunchTemplateInput, json.CreateLaunchTemplateOutput, createLaunchTemplate.RunAsync),
            Handler(StepNames.CreateLaunchTemplate, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateLaunchTemplate, deps.Time, deps.Settings.FunctionTimeout, createLaunchTemplate.UndoAsync)),
            Handler(StepNames.CreateAsg, Run, json.CreateAsgInput, json.CreateAsgOutput, createAsg.RunAsync),
            Handler(StepNames.CreateAsg, Check, json.CreateAsgCheckInput, json.CheckResult, createAsg.CheckAsync),
            Handler(StepNames.CreateAsg, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateAsg, deps.Time, deps.Settings.FunctionTimeout, createAsg.UndoAsync)),
            Handler(StepNames.CreateAlarms, Run, json.CreateAlarmsInput, json.CreateAlarmsOutput, createAlarms.RunAsync),
            Handler(StepNames.CreateAlarms, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.CreateAlarms, deps.Time, deps.Settings.FunctionTimeout, createAlarms.UndoAsync)),
            Handler(StepNames.ScheduleLogExport, Run, json.StepInput, json.ScheduleLogExportOutput, scheduleLogExport.RunAsync),
            Handler(StepNames.ScheduleLogExport, Undo, json.UndoInput, json.UndoResult, InFlightRuns.WaitOut(StepNames.ScheduleLogExport, deps.Time, deps.Settings.FunctionTimeout, scheduleLogExport.UndoAsync)),
        ];
    }

    private static FunctionHandler<TInput, TOutput> Handler<TInput, TOutput>(
        string step, string action, JsonTypeInfo<TInput> input, JsonTypeInfo<TOutput> output, Func<TInput, CancellationToken, Task<TOutput>> run)
    {
        var name = HandlerName(step, action);
        return new FunctionHandler<TInput, TOutput>(name, input, output, StepErrorMap.Guard(name, run));
    }
}
