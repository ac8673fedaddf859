using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Lifecycles;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CloudWatch DisableAlarmActions / EnableAlarmActions, answered here because moto 5.2.1 answers them with a
/// 500. As in AWS: an empty success, names that are no alarm are ignored, and DescribeAlarms shows the
/// switch as <c>ActionsEnabled</c>. The switch lives here until the alarm is put again (PutMetricAlarm
/// sets <c>ActionsEnabled</c> itself, default true, and moto keeps that) or deleted, and in <paramref name="state"/>
/// (an alarm switched off for the night stays off across a restart).
/// </summary>
internal sealed class AlarmActionsSwitch(LocalCloudState state) : ICallBehavior, IPersistentState
{
    /// <summary>AWS: "AlarmNames: Array Members: Maximum number of 100 items."</summary>
    public const int MaxAlarmNames = 100;

    private readonly ConcurrentDictionary<string, bool> _switched = new(StringComparer.Ordinal);

    public string StateName => "alarmActions";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(new SortedDictionary<string, bool>(_switched, StringComparer.Ordinal), LocalCloudState.Json)!;

    public void LoadState(JsonNode saved)
    {
        foreach (var (name, enabled) in saved.Deserialize<Dictionary<string, bool>>(LocalCloudState.Json) ?? [])
        {
            _switched.TryAdd(name, enabled);
        }
    }

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "monitoring")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "DisableAlarmActions" or "EnableAlarmActions":
                var names = call.ParamList("AlarmNames.member");
                if (names.Count > MaxAlarmNames)
                {
                    return AwsErrors.Create(call, System.Net.HttpStatusCode.BadRequest, "ValidationError",
                        $"1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to {MaxAlarmNames}");
                }
                foreach (var name in names)
                {
                    _switched[name] = call.Action == "EnableAlarmActions";
                }
                state.Changed();
                return AwsErrors.QueryEmptySuccess(call);
            case "PutMetricAlarm" or "DeleteAlarms":
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var removed = false;
                    foreach (var name in call.Action == "DeleteAlarms" ? call.ParamList("AlarmNames.member") : [call.Param("AlarmName") ?? ""])
                    {
                        removed |= _switched.TryRemove(name, out _);
                    }
                    if (removed)
                    {
                        state.Changed();
                    }
                }
                return response;
            case "DescribeAlarms":
                var described = await next(call, cancellationToken).ConfigureAwait(false);
                if (_switched.IsEmpty)
                {
                    return described;
                }
                return await ResponseRewriter.XmlAsync(described, document =>
                {
                    foreach (var alarm in document.Named("MetricAlarms").Concat(document.Named("CompositeAlarms")).SelectMany(e => e.Elements()))
                    {
                        if (alarm.ChildValue("AlarmName") is { } name && _switched.TryGetValue(name, out var enabled))
                        {
                            alarm.SetChild("ActionsEnabled", enabled ? "true" : "false");
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }
}
